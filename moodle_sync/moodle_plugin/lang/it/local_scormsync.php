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
$string['idnumbernotassign'] = 'L\'attività con codice identificativo "{$a}" non è un compito (assign).';
$string['idnumbernotscorm'] = 'L\'attività con codice identificativo "{$a}" non è un\'attività SCORM.';
$string['idnumbernotunique'] = 'Più attività del corso hanno il codice identificativo "{$a}".';
$string['invalidpackage'] = 'Il file caricato non è un pacchetto SCORM valido: {$a}';
$string['pluginname'] = 'Sincronizzazione SCORM';
$string['privacy:metadata:moodle_sync'] = 'moodle-sync, lo strumento di amministrazione dell\'ente di formazione, legge i tracciamenti SCORM e le schede di ammissione dei corsisti tramite i web service di questo plugin e li conserva in file di istantanea per decidere chi è ammesso all\'esame finale.';
$string['privacy:metadata:moodle_sync:admission'] = 'La scheda di ammissione: data di nascita, livello del titolo di studio, data di ingresso, edizione, esito e sua provenienza.';
$string['privacy:metadata:moodle_sync:tracks'] = 'I valori registrati dei tracciamenti delle attività SCORM (stato, punteggio, tempo) per tentativo.';
$string['privacy:metadata:moodle_sync:userid'] = 'L\'id utente del corsista.';
$string['privacy:metadata:profilefield'] = 'La scheda di ammissione di ogni corsista (data di nascita, titolo di studio come livello EQF, data di ingresso, edizione, esito dell\'ammissione e file di provenienza) è conservata nei campi personalizzati del profilo della categoria "Ammissione al corso" creati da questo plugin; i loro dati sono memorizzati, esportati e cancellati dai plugin dei campi del profilo.';
$string['scormsync:deploy'] = 'Creare e aggiornare attività SCORM tramite web service';
$string['scormsync:viewreport'] = 'Leggere il report SCORM del corso tramite web service';
