<?php
// Usage (inside the site's chroot, as the web server's user, script on standard input):
//   php -- USERNAME < unclean_draft.php
// Puts a file in a new draft area of USERNAME, then gives it the folder '/../' in the database, which no upload can
// store (upload.php and the file storage clean every folder): a draft local_scormsync_save_assign must refuse.
// Prints (last line) the draft item id.
define('CLI_SCRIPT', true);
require('/opt/moodle/config.php');

$user = $DB->get_record('user', ['username' => $argv[1] ?? '', 'deleted' => 0], '*', MUST_EXIST);
$itemid = random_int(100000000, 999999999);
$file = get_file_storage()->create_file_from_string(['contextid' => context_user::instance($user->id)->id,
    'component' => 'user', 'filearea' => 'draft', 'itemid' => $itemid, 'filepath' => '/media/',
    'filename' => 'dati.csv', 'userid' => $user->id], "a;b\n");
$DB->set_field('files', 'filepath', '/../', ['id' => $file->get_id()]);
echo $itemid, "\n";
