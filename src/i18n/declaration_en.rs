use super::declaration::DeclarationTexts;

pub static DECLARATION_EN: DeclarationTexts = DeclarationTexts {
    parts: ["Day", "Month", "Year", "Hour", "Minute"],
    choose: "Choose…",
    yes: "Yes",
    no: "No",
    optional: "(optional)",
    repetition: |label, n| format!("{label} {n}"),
    add: |label| format!("Add {label}"),
    remove: "Remove",
    none_added: "None yet. Use the button below to add one.",
    filled_online: "You filled in the form online, no upload needed.",
    fill_online: "Fill in the form online",
    fill_online_lead: "No printing needed: answer its questions here, one at a time. Or upload a form you filled in by hand.",
    change_form: "Change the form",
    not_answered: "Not answered",
    see_printable: "See the form to print and sign",
    printable_title: "The form to print",
    printable_lead: "The form holds your answers. You need not print it when you apply online; to bring a paper copy, print it, sign it and take it with you.",
    print: "Print the form",
    back_to_review: "Back to check your answers",
    load_error: "The form of this procedure could not be loaded.",
};
