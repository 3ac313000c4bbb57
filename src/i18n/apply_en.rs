use super::apply::ApplyTexts;

pub static APPLY_EN: ApplyTexts = ApplyTexts {
    loading: "Loading…",
    step_of: |n, of| format!("Step {n} of {of}"),
    back: "Back",
    continue_: "Continue",
    citizen_id_short: "ID no.",
    track_this: "See where this application stands",
    expiry_soon: |when| {
        format!("The files you uploaded are kept on the system only until {when}. If you cannot submit by then, tap “Keep my files longer”.")
    },
    expiry_past: |when| {
        format!("The time to keep your files ended at {when}. Tap “Keep my files longer”: any file already deleted is uploaded again from this device.")
    },
    keep_longer: "Keep my files longer",
    kept_until: |when| format!("Your files are now kept until {when}."),
    offer_title: "An unfinished application is saved on this device",
    offer_whose: |who, when| format!("It belongs to {who}, saved at {when}."),
    offer_unnamed: |when| format!("It has no applicant's name yet; saved at {when}."),
    offer_continue: "It is mine: continue it",
    offer_not_me: "This is not me: start again and delete it",
    offer_hint: "If this device is shared, do not open someone else's application: choose “This is not me”.",
    saved_on_device: "Everything you type and upload is saved on this device as you go.",
    kept_until_finish:
        "What you enter is kept on this machine only until you tap “Done: clear my information” or walk away.",

    applicant_title: "About you",
    full_name: "Full name",
    full_name_hint: "As on your citizen ID card, with Vietnamese accents.",
    birth_year: "Year of birth",
    gender: "Sex",
    male: "Male",
    female: "Female",
    citizen_id: "Citizen ID number (CCCD)",
    citizen_id_hint: "12 digits, on the front of the card.",
    phone: "Mobile phone number",
    phone_hint: "We text you when the result is ready. For example: 0912 345 678.",
    email: "Email (optional)",
    email_hint: "If you give one, we send the receipt there.",
    address: "Current address",
    office: "Office that handles the application",
    error_summary: "There is a problem",

    documents_title: "Upload your documents",
    documents_lead: "Take a sharp photo of the whole page, or choose a PDF. A document may take several photos.",
    required: "Required",
    optional: "Only if this applies to you",
    take_photo: "Take a photo",
    choose_file: "Choose a file",
    drop_here: "or drag and drop files here",
    file_uploading: "Uploading",
    file_done: "Uploaded",
    file_waiting_network: "Offline: will carry on when the connection is back",
    retry: "Try again",
    remove: "Remove",
    gave_up: "Not uploaded: the connection kept failing. Select “Try again”.",
    file_lost: "This file is no longer on this device. Remove it and choose it again.",
    complete: "All required documents are here.",
    missing: |n| {
        if n == 1 {
            "1 required document is missing.".into()
        } else {
            format!("{n} required documents are missing.")
        }
    },
    announce_done: |name| format!("{name} uploaded."),
    announce_failed: |name| format!("{name} could not be uploaded."),
    photo_small: "The photo is small; the text may be hard to read.",
    photo_dark: "The photo is very dark; the text may be hard to read.",
    photo_blurry: "The photo looks blurred; the text may be hard to read.",
    retake: "Take it again",
    use_anyway: "Use this photo",
    wait_uploads: "Wait for the files to finish uploading, or remove the ones that failed.",
    friday_yes: |cutoff| {
        format!("Your application is complete. Submitted on a Friday before {cutoff}, you get the result the same day.")
    },
    friday_incomplete: "With documents missing, the application cannot get a same-day Friday result.",

    review_title: "Check your answers before you submit",
    change: "Change",
    applicant_heading: "Applicant",
    documents_heading: "Documents",
    no_file: "None",
    declaration: "I declare that the information and documents above are true.",
    submit: "Submit application",
    submitting: "Submitting…",
    submit_network:
        "Not sent: the connection dropped. Select “Submit application” again; it will not be submitted twice.",

    receipt_title: "Application submitted",
    receipt_code: "Application code",
    received_at: "Received",
    appointment: "Result due",
    appointment_unknown: "The officer will tell you the result date when handling your application.",
    next_steps: "What happens next",
    qr_label: "QR code to track your application",
    print: "Print the receipt",
    receipt_missing:
        "This receipt is no longer on this device. Track your application with its code and your ID number.",

    supplement_title: "Add documents to your application",
    supplement_lead: "Enter the ID or phone number you gave when you applied to open the request for documents.",
    code_caption: |code| format!("Application {code}"),
    factor_label: "Citizen ID number or phone number",
    factor_hint: "The number you gave when you applied. It is not kept on this device.",
    factor_missing: "Enter your ID or phone number.",
    open_request: "Open the request",
    lookup_refused: "No application matches this code and number. Check the ID or phone number you gave when you applied.",
    lookup_limited: |n| format!("Too many tries. To protect the application, try again in {n} minutes."),
    no_request: "This application does not need more documents now.",
    officer_asks: "The officer asks",
    supplement_upload_lead: "Upload each document below. The files are kept on this device until they are sent, even if the connection drops.",
    send_supplement: "Send the documents",
    sending: "Sending…",
    still_missing: |names| format!("Upload: {names}."),
    need_one_file: "Upload at least one file.",
    send_network: "Not sent: the connection was lost. Press “Send the documents” again: nothing will be sent twice.",
    sent_title: "Documents sent",
    sent_body: |code| format!("Your application keeps the code {code}. The officer will carry on with it; you can check its progress at any time."),
    see_status: "See the application’s progress",
};
