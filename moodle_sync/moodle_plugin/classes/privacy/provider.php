<?php
// This file is part of moodle-sync's Moodle plugin local_scormsync.
//
// It is free software: you can redistribute it and/or modify it under the terms of the
// GNU General Public License as published by the Free Software Foundation, either
// version 3 of the License, or (at your option) any later version.

namespace local_scormsync\privacy;

use context;
use context_user;
use core_privacy\local\metadata\collection;
use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\contextlist;
use core_privacy\local\request\userlist;
use core_privacy\local\request\writer;
use local_scormsync\admission_fields;

/**
 * Personal data and the plugin: the admission record, kept in the profile fields it creates.
 *
 * The record's values are core's user_info_data rows of the plugin's fields (category
 * "Ammissione al corso"), which the profile field plugins (profilefield_text,
 * profilefield_menu) declare and delete with the user's other profile data. Their export,
 * though, writes every text field of a user to the same place, so only one of them reaches
 * the exported data: this provider exports the whole record, in the user's context, and
 * deletes it with the user's data as they do. The plugin's web services hand learners' SCORM
 * tracks and the record to moodle-sync, which keeps them outside Moodle to decide exam
 * eligibility: declared as an external location.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class provider implements
        \core_privacy\local\metadata\provider,
        \core_privacy\local\request\plugin\provider,
        \core_privacy\local\request\core_userlist_provider {

    /**
     * The data the plugin touches, and where it lives.
     *
     * @param collection $collection
     * @return collection
     */
    public static function get_metadata(collection $collection): collection {
        $collection->add_plugintype_link('profilefield', [], 'privacy:metadata:profilefield');
        $collection->add_external_location_link('moodle_sync', [
            'userid' => 'privacy:metadata:moodle_sync:userid',
            'tracks' => 'privacy:metadata:moodle_sync:tracks',
            'admission' => 'privacy:metadata:moodle_sync:admission',
        ], 'privacy:metadata:moodle_sync');
        return $collection;
    }

    /**
     * The SQL condition and parameters that select the rows of the record's fields.
     *
     * @return array [sql, params] over user_info_data uda joined to user_info_field uif
     */
    private static function fields_sql(): array {
        global $DB;
        [$insql, $params] = $DB->get_in_or_equal(array_keys(admission_fields::FIELDS), SQL_PARAMS_NAMED, 'field');
        return ["FROM {user_info_data} uda JOIN {user_info_field} uif ON uif.id = uda.fieldid
                WHERE uif.shortname $insql AND uda.data <> ''", $params];
    }

    /**
     * The user's own context, when the user has an admission record.
     *
     * @param int $userid
     * @return contextlist
     */
    public static function get_contexts_for_userid(int $userid): contextlist {
        [$from, $params] = self::fields_sql();
        $contextlist = new contextlist();
        $contextlist->add_from_sql("SELECT ctx.id
                                      FROM {context} ctx
                                     WHERE ctx.contextlevel = :contextlevel AND ctx.instanceid = :userid
                                       AND EXISTS (SELECT 1 $from AND uda.userid = :recordof)",
            $params + ['contextlevel' => CONTEXT_USER, 'userid' => $userid, 'recordof' => $userid]);
        return $contextlist;
    }

    /**
     * The user whose context this is, when the user has an admission record.
     *
     * @param userlist $userlist
     */
    public static function get_users_in_context(userlist $userlist) {
        $context = $userlist->get_context();
        if ($context instanceof context_user) {
            [$from, $params] = self::fields_sql();
            $userlist->add_from_sql('userid', "SELECT uda.userid $from AND uda.userid = :userid",
                $params + ['userid' => $context->instanceid]);
        }
    }

    /**
     * The whole admission record, field by field, under the plugin's name in the user's context.
     *
     * @param approved_contextlist $contextlist
     */
    public static function export_user_data(approved_contextlist $contextlist) {
        global $DB;
        $userid = (int) $contextlist->get_user()->id;
        foreach ($contextlist->get_contexts() as $context) {
            if (!$context instanceof context_user || (int) $context->instanceid !== $userid) {
                continue;
            }
            [$from, $params] = self::fields_sql();
            $rows = $DB->get_records_sql("SELECT uif.shortname, uif.name, uda.data $from AND uda.userid = :userid
                                          ORDER BY uif.sortorder", $params + ['userid' => $userid]);
            if ($rows) {
                $record = [];
                foreach ($rows as $row) {
                    $record[format_string($row->name)] = $row->data;
                }
                writer::with_context($context)->export_data(
                    [get_string('pluginname', 'local_scormsync'), admission_fields::CATEGORY], (object) $record);
            }
        }
    }

    /**
     * Delete the record of the user whose context this is.
     *
     * @param context $context
     */
    public static function delete_data_for_all_users_in_context(context $context) {
        if ($context instanceof context_user) {
            self::delete_records([(int) $context->instanceid]);
        }
    }

    /**
     * Delete the user's record.
     *
     * @param approved_contextlist $contextlist
     */
    public static function delete_data_for_user(approved_contextlist $contextlist) {
        $userid = (int) $contextlist->get_user()->id;
        foreach ($contextlist->get_contexts() as $context) {
            if ($context instanceof context_user && (int) $context->instanceid === $userid) {
                self::delete_records([$userid]);
            }
        }
    }

    /**
     * Delete the records of these users, in their own context.
     *
     * @param approved_userlist $userlist
     */
    public static function delete_data_for_users(approved_userlist $userlist) {
        $context = $userlist->get_context();
        if ($context instanceof context_user && in_array((int) $context->instanceid, $userlist->get_userids())) {
            self::delete_records([(int) $context->instanceid]);
        }
    }

    /**
     * Delete the rows of the record's fields of these users.
     *
     * @param int[] $userids
     */
    private static function delete_records(array $userids): void {
        global $DB;
        [$namesql, $names] = $DB->get_in_or_equal(array_keys(admission_fields::FIELDS));
        $fieldids = $DB->get_fieldset_select('user_info_field', 'id', "shortname $namesql", $names);
        if ($fieldids && $userids) {
            [$fieldsql, $fieldparams] = $DB->get_in_or_equal($fieldids, SQL_PARAMS_NAMED, 'field');
            [$usersql, $userparams] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED, 'user');
            $DB->delete_records_select('user_info_data', "fieldid $fieldsql AND userid $usersql",
                $fieldparams + $userparams);
        }
    }
}
