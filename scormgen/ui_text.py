"""Every Italian string the learner's pages show, in one catalogue (templates and runtime)."""

UI_TEXT = {
    "skip_to_content": "Vai al contenuto",
    "objectives": "Obiettivi della lezione",
    "screen_of": "Schermata {current} di {total}",
    "previous": "Indietro",
    "next": "Avanti",
    "screens": "Schermate",
    "lesson_navigation": "Navigazione della lezione",
    "glossary": "Glossario della lezione",
    "duration": "Durata prevista: {minutes} minuti",
    "standalone": "Nessuna piattaforma di e-learning rilevata: i progressi sono salvati solo in questo browser.",
    "completed": "Lezione completata.",
}
