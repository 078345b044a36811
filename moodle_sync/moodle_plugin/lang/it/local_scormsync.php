<?php
// This file is part of moodle-sync's Moodle plugin local_scormsync.
//
// It is free software: you can redistribute it and/or modify it under the terms of the
// GNU General Public License as published by the Free Software Foundation, either
// version 3 of the License, or (at your option) any later version.

/**
 * Italian strings of local_scormsync.
 *
 * @package    local_scormsync
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['draftnotonepackage'] = 'L\'area bozze deve contenere un solo pacchetto SCORM; ne contiene {$a} file.';
$string['idnumbernotscorm'] = 'L\'attività con codice identificativo "{$a}" non è un\'attività SCORM.';
$string['idnumbernotunique'] = 'Più attività del corso hanno il codice identificativo "{$a}".';
$string['invalidpackage'] = 'Il file caricato non è un pacchetto SCORM valido: {$a}';
$string['pluginname'] = 'Sincronizzazione SCORM';
$string['privacy:metadata'] = 'Il plugin Sincronizzazione SCORM non memorizza dati personali: scrive attività SCORM e legge i tracciamenti dell\'attività SCORM.';
$string['scormsync:deploy'] = 'Creare e aggiornare attività SCORM tramite web service';
$string['scormsync:viewreport'] = 'Leggere il report SCORM del corso tramite web service';
