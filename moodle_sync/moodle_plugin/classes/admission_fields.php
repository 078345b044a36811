<?php
// This file is part of moodle-sync's Moodle plugin local_scormsync.
//
// It is free software: you can redistribute it and/or modify it under the terms of the
// GNU General Public License as published by the Free Software Foundation, either
// version 3 of the License, or (at your option) any later version.

namespace local_scormsync;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->dirroot . '/user/profile/lib.php');
require_once($CFG->dirroot . '/user/profile/definelib.php');

/**
 * The custom user profile fields that keep each learner's admission record.
 *
 * `moodle-sync enrol` writes them through core_user_create_users / core_user_update_users
 * (customfields, by shortname) and `moodle-sync pull` reads them back, so the shortnames are
 * fixed. They are core profile fields: a manager sees and edits them on the learner's
 * profile, and core's profile-field plugins export and delete their data on a privacy
 * request. Each is visible to the learner and to those with moodle/user:viewalldetails
 * (managers), nobody else, and locked: the learner sees what was recorded, cannot change it.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class admission_fields {
    /** The profile category the fields are shown under. */
    public const CATEGORY = 'Ammissione al corso';

    /** Shortname => datatype, name, description; a menu's options after them. */
    public const FIELDS = [
        'scormsync_birthdate' => ['text', 'Data di nascita', 'GG/MM/AAAA.'],
        'scormsync_eqf' => ['menu', 'Titolo di studio (livello EQF)',
            'Livello EQF del titolo di studio dichiarato all\'iscrizione.',
            "EQF 1\nEQF 2\nEQF 3\nEQF 4\nEQF 5\nEQF 6\nEQF 7\nEQF 8"],
        'scormsync_joined' => ['text', 'Data di ingresso nel corso', 'GG/MM/AAAA.'],
        'scormsync_edition' => ['text', 'Edizione', 'Codice dell\'edizione a cui è stato ammesso.'],
        'scormsync_verdict' => ['text', 'Esito dell\'ammissione',
            'Esito delle verifiche di ammissione (età, titolo di studio, data di ingresso) e data.'],
        'scormsync_source' => ['text', 'Dati di ammissione da', 'File delle iscrizioni e riga.'],
    ];

    /**
     * Create the category and every field that does not exist yet; fields already there are left
     * as they are (a manager may have adjusted them).
     */
    public static function ensure(): void {
        global $DB;
        $missing = array_filter(array_keys(self::FIELDS),
            fn($shortname) => !$DB->record_exists('user_info_field', ['shortname' => $shortname]));
        if (!$missing) {
            return;
        }
        $categoryid = $DB->get_field('user_info_category', 'id', ['name' => self::CATEGORY], IGNORE_MULTIPLE);
        if (!$categoryid) {
            $category = (object) ['name' => self::CATEGORY];
            profile_save_category($category);
            $categoryid = $category->id;
        }
        foreach ($missing as $shortname) {
            [$datatype, $name, $description] = self::FIELDS[$shortname];
            profile_save_field((object) [
                'shortname' => $shortname,
                'name' => $name,
                'datatype' => $datatype,
                'description' => ['text' => $description, 'format' => FORMAT_PLAIN],
                'categoryid' => $categoryid,
                'required' => 0,
                'locked' => 1,
                'visible' => PROFILE_VISIBLE_PRIVATE,
                'forceunique' => 0,
                'signup' => 0,
                'defaultdata' => '',
                'defaultdataformat' => FORMAT_MOODLE,
                'param1' => self::FIELDS[$shortname][3] ?? 30,  // A menu's options, a text's display size.
                'param2' => $datatype === 'text' ? 255 : null,   // A text's maximum length.
                'param3' => $datatype === 'text' ? 0 : null,     // Not a password.
                'param4' => '',
                'param5' => '',
            ], []);
        }
    }
}
