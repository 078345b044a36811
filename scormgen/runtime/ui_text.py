"""Every Italian string the learner's pages show, in one catalogue (templates and runtime).

Placeholders in braces are filled by the template or by the runtime (`say()` in runtime.js).
"""

UI_TEXT = {
    # Page frame and lesson navigation
    "skip_to_content": "Vai al contenuto",
    "new_window": "(si apre in una nuova finestra)",
    "objectives": "Obiettivi della lezione",
    "screen_of": "Schermata {current} di {total}",
    "previous": "Indietro",
    "next": "Avanti",
    "screens": "Elenco delle schermate",
    "screen_seen": "(vista)",
    "print": "Stampa la lezione",
    "lesson_navigation": "Navigazione della lezione",
    "quiz_navigation": "Navigazione della verifica",
    "glossary": "Glossario della lezione",
    "duration": "Durata prevista: {minutes} minuti",
    "standalone": "Nessuna piattaforma di e-learning rilevata: "
    "i progressi sono salvati solo in questo browser.",
    "completed": "Lezione completata.",
    "end_title": "Fine della lezione",
    "end_missing": "Per completare la lezione mancano ancora {n} schermate: "
    "le trovi nell'elenco delle schermate.",
    "end_missing_one": "Per completare la lezione manca ancora una schermata: "
    "la trovi nell'elenco delle schermate.",
    "end_next_lesson": "Prossima lezione:",
    "end_next_quiz": "Ora puoi affrontare la verifica:",
    "end_how": "Per proseguire usa la navigazione della piattaforma.",
    "end_open": "Apri la prossima attività",
    "save_error": "La piattaforma non ha registrato i dati (errore {code}: {message}). "
    "Se il problema continua, avvisa il tutor.",
    # Quiz: introduction
    "quiz_mastery": "Per superare la verifica serve almeno il {mastery} % del punteggio.",
    "quiz_attempts": "Tentativi a disposizione: {attempts}.",
    "quiz_attempts_unlimited": "Puoi ripetere la verifica senza limiti di tentativi.",
    "quiz_feedback_immediate": "Dopo ogni risposta puoi controllarla "
    "con il pulsante «Controlla la risposta».",
    "quiz_feedback_on-submit": "Le correzioni compaiono dopo la consegna.",
    "quiz_feedback_never": "Dopo la consegna vedrai il punteggio, ma non le correzioni.",
    "quiz_manual": "Le domande aperte e i file da consegnare sono valutati dal docente: "
    "non entrano nel punteggio calcolato qui.",
    # Quiz: questions
    "question_n": "Domanda {n}",
    "question_of": "Domanda {current} di {total}",
    "answered_of": "Risposte date: {answered} di {total}",
    "point": "1 punto",
    "points": "{points} punti",
    "manual_points": "valutata dal docente",
    "answer": "Risposta",
    "number_hint": "Scrivi un numero; per i decimali usa la virgola.",
    "number_hint_unit": "Scrivi un numero in {unit}; per i decimali usa la virgola.",
    "max_chars": "Massimo {n} caratteri.",
    "choose": "Scegli…",
    "ordering_hint": "Metti gli elementi nell'ordine giusto con i pulsanti «Su» e «Giù».",
    "move_up": "Su",
    "move_down": "Giù",
    "move_up_label": "Sposta su: {item}",
    "move_down_label": "Sposta giù: {item}",
    "moved": "«{item}» ora è in posizione {position} di {total}.",
    "upload_note": "Il file non viene inviato da questa pagina: qui si registra solo il suo nome. "
    "Consegnalo al docente come indicato nel corso.",
    "file_chosen": "File indicato: {name}",
    # Quiz: checking, submitting, results
    "check": "Controlla la risposta",
    "submit": "Consegna",
    "confirm_title": "Consegnare la verifica?",
    "confirm_unanswered": "Domande senza risposta: {n} su {total}.",
    "confirm_all_answered": "Hai risposto a tutte le domande.",
    "confirm_attempts_left": "Se non la superi, ti resteranno ancora {n} tentativi.",
    "confirm_attempt_left": "Se non la superi, ti resterà ancora 1 tentativo.",
    "confirm_unlimited": "Se non la superi, potrai fare un nuovo tentativo.",
    "confirm_last": "È il tuo ultimo tentativo: "
    "dopo la consegna non potrai più cambiare le risposte.",
    "confirm_submit": "Sì, consegna",
    "confirm_cancel": "Torna alle domande",
    "retry": "Nuovo tentativo",
    "correct": "Risposta corretta.",
    "incorrect": "Risposta errata.",
    "partial": "Risposta parzialmente corretta.",
    "unanswered": "Nessuna risposta.",
    "manual": "Risposta registrata: la valuterà il docente.",
    "expected": "Risposta attesa:",
    "choice_right": "la tua scelta: giusta",
    "choice_wrong": "la tua scelta: sbagliata",
    "choice_missed": "risposta giusta",
    "result_title": "Esito della verifica",
    "result_score": "Punteggio: {raw} su {max} punti ({percent} %).",
    "result_passed": "Verifica superata.",
    "result_failed": "Verifica non superata: serve almeno il {mastery} %.",
    "result_manual_only": "Consegna registrata: la verifica sarà valutata dal docente.",
    "attempt_n": "Tentativo {n}.",
    "attempts_left": "Ti restano {n} tentativi.",
    "attempt_left": "Ti resta 1 tentativo.",
    "no_attempts_left": "Non restano altri tentativi.",
    "submitted_unanswered": "Consegnata con {n} domande senza risposta.",
}

# Practical tasks: the summary after the instructions, on the task page and in Moodle's assignment.
TASK_TEXT = {
    "task_how": "Come si consegna e come viene valutata",
    "task_text": "testo online",
    "task_files": "fino a {n} file ({types}, al massimo {size} MB ciascuno)",
    "task_files_any": "fino a {n} file (al massimo {size} MB ciascuno)",
    "task_submit": "Consegna: {what}, nell'attività «{title}» del corso.",
    "task_due": "Scadenza: {days} giorni dall'inizio dell'unità formativa.",
    "task_grade": "Punteggio massimo {grade}; la prova è superata con almeno {pass_grade}.",
    "task_rubric": "Griglia di valutazione",
    "task_criterion_points": "{criterion}: fino a {points} punti",
}
