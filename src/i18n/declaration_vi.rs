use super::declaration::DeclarationTexts;

pub static DECLARATION_VI: DeclarationTexts = DeclarationTexts {
    parts: ["Ngày", "Tháng", "Năm", "Giờ", "Phút"],
    choose: "Chọn…",
    yes: "Có",
    no: "Không",
    optional: "(không bắt buộc)",
    repetition: |label, n| format!("{label} thứ {n}"),
    add: |label| format!("Thêm {label}"),
    remove: "Xóa",
    none_added: "Chưa có ai. Bấm nút bên dưới để thêm.",
    filled_online: "Bạn đã điền tờ khai trực tuyến, không cần tải lên.",
    fill_online: "Điền tờ khai trực tuyến",
    fill_online_lead: "Không cần in: điền từng câu hỏi ngay trên trang này. Hoặc tải lên tờ khai bạn đã điền tay.",
    change_form: "Sửa tờ khai",
    not_answered: "Chưa trả lời",
    see_printable: "Xem tờ khai để in và ký",
    printable_title: "Tờ khai để in",
    printable_lead: "Tờ khai có sẵn các câu trả lời của bạn. Bạn không cần in nếu nộp qua mạng; nếu muốn mang bản giấy, hãy in, ký tên rồi mang theo.",
    print: "In tờ khai",
    back_to_review: "Quay lại trang kiểm tra",
    load_error: "Chưa tải được tờ khai của thủ tục này.",
};
