use super::Texts;

pub static VI: Texts = Texts {
    service_name: "Một Cửa",
    service_tagline: "Dịch vụ công cho người dân",
    skip_to_content: "Bỏ qua, đến nội dung chính",
    switch_language: "English",
    switch_language_hint: "Chuyển sang tiếng Anh",
    footer_note: "Nộp hồ sơ và theo dõi kết quả thủ tục hành chính tại bộ phận một cửa.",
    footer_data_note: "Thông tin thủ tục, phí và thời hạn do cơ quan giải quyết cung cấp.",

    home_title: "Thủ tục hành chính",
    home_lead: "Chọn thủ tục bạn cần làm để xem giấy tờ phải chuẩn bị, lệ phí và thời gian giải quyết.",
    loading_catalogue: "Đang tải danh mục thủ tục…",
    procedure_count: |n| format!("{n} thủ tục"),
    time_limit: "Thời hạn",
    procedure_code: "Mã thủ tục",
    fee: "Lệ phí",
    unknown_value: "Chưa có thông tin",
    friday_badge: "Thứ Sáu không chờ",

    error_title: "Chưa tải được danh mục thủ tục",
    error_network: "Không kết nối được với hệ thống. Hãy kiểm tra mạng (Wi-Fi hoặc 4G) rồi thử lại.",
    error_server: |status| format!("Hệ thống đang bận hoặc gặp sự cố (mã {status}). Vui lòng thử lại sau ít phút."),
    error_malformed: "Hệ thống trả về dữ liệu không đọc được. Vui lòng thử lại sau ít phút.",
    error_next_step: "Nếu vẫn không được, bạn có thể đến trực tiếp bộ phận một cửa của xã, phường.",
    retry: "Thử lại",

    not_found_title: "Không tìm thấy trang",
    not_found_body: "Địa chỉ bạn mở không có hoặc đã thay đổi. Hãy kiểm tra lại đường dẫn.",
    back_home: "Về trang danh mục thủ tục",

    finish: "Xong, xóa thông tin của tôi",
    finish_title: "Xóa hết thông tin của bạn trên máy này?",
    finish_body: "Những gì bạn đã nhập và tải lên sẽ bị xóa khỏi máy này, các tệp chưa nộp bị xóa khỏi hệ thống. Hồ sơ đã nộp vẫn được giải quyết: hãy giữ biên nhận.",
    finish_yes: "Xóa và kết thúc",
    finish_no: "Chưa, tôi chưa xong",
    clearing: "Đang xóa thông tin của bạn…",
    idle_title: "Bạn vẫn đang dùng máy chứ?",
    idle_body: |n| format!("Để giữ kín thông tin của bạn, máy sẽ xóa mọi thứ bạn đã nhập sau {n} giây."),
    idle_more_time: "Tôi cần thêm thời gian",

    track_link: "Tra cứu hồ sơ",
    office_figures: "Kết quả giải quyết hồ sơ của bộ phận này",
    figures_link: "Kết quả giải quyết hồ sơ của các bộ phận một cửa",
    no_such_procedure: "Không có thủ tục này. Có thể đường dẫn đã cũ; hãy tìm lại trong danh mục.",
    procedure_error: "Chưa tải được thông tin thủ tục",
    apply_load_error: "Chưa tải được thông tin để nộp hồ sơ",

    planner_load_error: "Chưa tải được lịch làm việc",
};
