<?php
// Usage (inside the site's chroot, as the web server's user, script on standard input):
//   php -- COURSEID < assign_grading.php
// Prints (last line) JSON: per assignment of the course, as Moodle's own APIs see it: {"idnumber", "method" (the
// active advanced grading method), "ready" (the rubric form is available to graders), "criteria" (descriptions),
// "grade", "gradepass" (the grade item's), "completionpassgrade"}.
define('CLI_SCRIPT', true);
require('/opt/moodle/config.php');
require_once($CFG->dirroot . '/grade/grading/lib.php');
require_once($CFG->libdir . '/gradelib.php');

$courseid = (int)($argv[1] ?? 0);
$found = [];
foreach (get_fast_modinfo($courseid)->get_instances_of('assign') as $cm) {
    $manager = get_grading_manager(context_module::instance($cm->id), 'mod_assign', 'submissions');
    $method = $manager->get_active_method();
    $controller = $method ? $manager->get_controller($method) : null;
    $definition = $controller ? $controller->get_definition() : null;
    $item = grade_item::fetch(['courseid' => $courseid, 'itemtype' => 'mod', 'itemmodule' => 'assign',
        'iteminstance' => $cm->instance, 'itemnumber' => 0]);
    $found[] = [
        'idnumber' => $cm->idnumber,
        'method' => $method,
        'ready' => $controller ? $controller->is_form_available() : false,
        'criteria' => array_values(array_map(fn($c) => $c['description'], $definition->rubric_criteria ?? [])),
        'grade' => (float)$item->grademax,
        'gradepass' => (float)$item->gradepass,
        'completionpassgrade' => (int)$cm->completionpassgrade,
    ];
}
echo json_encode($found), "\n";
