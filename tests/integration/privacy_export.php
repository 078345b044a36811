<?php
// Usage (inside the site's chroot, as the web server's user, script on standard input):
//   php -- USERNAME < privacy_export.php
// Exports USERNAME's data with Moodle's privacy API, as a data request does, and prints (last line) JSON:
// {"compliant": bool, "metadata": [{"type", "name", "summary"}] of local_scormsync, "record": {exported file:
// its content} for the files under "Ammissione al corso", "profilefields": the same for the profile field plugins'}.
define('CLI_SCRIPT', true);
require('/opt/moodle/config.php');

\core\session\manager::set_user(get_admin());
$username = $argv[1] ?? '';
$user = $DB->get_record('user', ['username' => $username, 'deleted' => 0], '*', MUST_EXIST);
$manager = new \core_privacy\manager();

$metadata = [];
foreach ($manager->get_metadata_for_components()['local_scormsync']->get_collection() as $item) {
    $metadata[] = ['type' => (new ReflectionClass($item))->getShortName(), 'name' => $item->get_name(),
        'summary' => get_string($item->get_summary(), 'local_scormsync')];
}

$approved = new \core_privacy\local\request\contextlist_collection($user->id);
foreach ($manager->get_contexts_for_userid($user->id) as $contextlist) {
    $approved->add_contextlist(new \core_privacy\local\request\approved_contextlist(
        $user, $contextlist->get_component(), $contextlist->get_contextids()));
}
$zip = new ZipArchive();
$zip->open($manager->export_user_data($approved));
$record = $profilefields = [];
for ($i = 0; $i < $zip->numFiles; $i++) {
    $name = $zip->getNameIndex($i);
    if (!str_ends_with($name, '.json')) {
        continue;  // The same data again, as the export's browsable JavaScript.
    }
    $data = json_decode((string) $zip->getFromIndex($i), true);
    if (str_contains($name, '/Ammissione al corso/')) {
        $record[$name] = $data;
    } else if (str_contains($name, '/Text input/') || str_contains($name, '/Drop-down menu/')) {
        $profilefields[$name] = $data;
    }
}
echo json_encode(['compliant' => $manager->component_is_compliant('local_scormsync'), 'metadata' => $metadata,
    'record' => $record, 'profilefields' => $profilefields]) . "\n";
