use super::Texts;

pub static EN: Texts = Texts {
    service_name: "Một Cửa",
    service_tagline: "Public services for citizens",
    skip_to_content: "Skip to main content",
    switch_language: "Tiếng Việt",
    switch_language_hint: "Switch to Vietnamese",
    footer_note: "Apply for and track administrative procedures at your one-stop desk.",
    footer_data_note: "Procedures, fees and time limits are provided by the offices that handle them.",

    home_title: "Administrative procedures",
    home_lead: "Choose the procedure you need to see which documents to prepare, the fee and how long it takes.",
    loading_catalogue: "Loading the list of procedures…",
    procedure_count: |n| if n == 1 { "1 procedure".into() } else { format!("{n} procedures") },
    time_limit: "Time limit",
    procedure_code: "Procedure code",
    fee: "Fee",
    unknown_value: "Not known yet",
    friday_badge: "No-waiting Friday",

    error_title: "The list of procedures could not be loaded",
    error_network: "We could not reach the system. Check your connection (Wi-Fi or mobile data) and try again.",
    error_server: |status| {
        format!("The system is busy or has a problem (code {status}). Please try again in a few minutes.")
    },
    error_malformed: "The system sent data we could not read. Please try again in a few minutes.",
    error_next_step: "If it still does not work, you can go to the one-stop desk of your commune or ward in person.",
    retry: "Try again",

    not_found_title: "Page not found",
    not_found_body: "The address you opened does not exist or has changed. Check the link.",
    back_home: "Go to the list of procedures",

    finish: "Done: clear my information",
    finish_title: "Clear all your information from this machine?",
    finish_body: "What you typed and uploaded is removed from this machine, and files not yet submitted are deleted from the system. An application already submitted is still handled: keep its receipt.",
    finish_yes: "Clear and finish",
    finish_no: "Not yet",
    clearing: "Clearing your information…",
    idle_title: "Are you still there?",
    idle_body: |n| format!("To keep your information private, this machine will clear everything you entered in {n} seconds."),
    idle_more_time: "I need more time",
    pause_title: "Are you still using this machine?",
    pause_body: "The page is covered so that nobody else sees your information.",
    pause_continue: "Yes, I am still using it",
    leave_title: "Leave the application you are making?",
    leave_body: "This machine is shared: if you leave this page, the application you are making and the files you uploaded are deleted.",
    leave_stay: "Stay and carry on",
    leave_go: "Leave and delete it",

    track_link: "Track an application",
    office_figures: "How this desk handles applications",
    figures_link: "How each one-stop desk handles applications",
    no_such_procedure: "There is no such procedure. The link may be old; search the list again.",
    procedure_error: "The procedure could not be loaded",
    apply_load_error: "Could not load what the application needs",

    planner_load_error: "Opening hours and days off could not be loaded",
    figures_load_error: "Could not load the figures",
    error_not_kept: "You are offline, and this page was not saved on this device for offline use (only pages opened while online are). It will load by itself when you are back online.",
};
