//! The officials' dashboard at /admin (src/server/web/admin/): its labels, headings and chart
//! titles. The chat page's own text is in its static files (src/server/web/static/).

pub const ADMIN_TITLE: &str = "Bảng điều hành — Hỏi đáp Kế hoạch 298";
pub const ADMIN_BRAND: &str = "Hỏi đáp Kế hoạch 298";
pub const ADMIN_BRAND_SUB: &str = "Bảng điều hành dành cho cán bộ quản lý nội dung";
pub const ADMIN_LOGIN_HEADING: &str = "Đăng nhập bảng điều hành";
pub const ADMIN_LOGIN_INTRO: &str =
    "Trang này dành cho cán bộ cập nhật cơ sở tri thức của trợ lý hỏi đáp. Nhập mã truy cập được cấp để tiếp tục.";
pub const ADMIN_TOKEN_LABEL: &str = "Mã truy cập";
pub const ADMIN_LOGIN_BUTTON: &str = "Đăng nhập";
pub const ADMIN_LOGIN_WRONG: &str = "Mã truy cập không đúng. Vui lòng kiểm tra và thử lại.";
pub const ADMIN_LOGOUT: &str = "Đăng xuất";
pub const ADMIN_HEADING: &str = "Tình hình hỏi đáp";
pub const ADMIN_PERIOD_LABEL: &str = "Khoảng thời gian";
pub const ADMIN_PERIOD_APPLY: &str = "Xem";
pub const ADMIN_NAV_LABEL: &str = "Các phần của trang";
pub const ADMIN_CARD_QUESTIONS: &str = "Câu hỏi";
pub const ADMIN_CARD_ANSWER_RATE: &str = "Tỉ lệ trả lời được";
pub const ADMIN_CARD_DECLINED: &str = "Chưa trả lời được";
pub const ADMIN_CARD_LOW: &str = "Độ tin cậy thấp";
pub const ADMIN_CARD_UP: &str = "Đánh giá hữu ích";
pub const ADMIN_CARD_DOWN: &str = "Đánh giá chưa hữu ích";
pub const ADMIN_UNANSWERED_HEADING: &str = "Câu hỏi chưa trả lời được";
pub const ADMIN_UNANSWERED_INTRO: &str = "Câu hỏi bị từ chối hoặc trả lời với độ tin cậy thấp, gộp theo cách viết không dấu; mới nhất lên đầu. Đây là danh sách cần bổ sung vào cơ sở tri thức.";
pub const ADMIN_UNANSWERED_NONE: &str = "Không có câu hỏi nào chưa trả lời được trong khoảng thời gian này.";
pub const ADMIN_CSV: &str = "Tải danh sách (CSV)";
pub const ADMIN_COL_QUESTION: &str = "Câu hỏi (ví dụ)";
pub const ADMIN_COL_COUNT: &str = "Số lần";
pub const ADMIN_COL_KIND: &str = "Loại";
pub const ADMIN_COL_LAST: &str = "Lần gần nhất";
pub const ADMIN_COL_FIRST: &str = "Lần đầu";
pub const ADMIN_COL_CHANNELS: &str = "Kênh";
pub const ADMIN_COL_GROUP: &str = "Dạng gộp";
pub const ADMIN_KIND_DECLINED: &str = "từ chối";
pub const ADMIN_KIND_LOW: &str = "độ tin cậy thấp";
pub const ADMIN_FEEDBACK_HEADING: &str = "Câu trả lời bị đánh giá chưa hữu ích";
pub const ADMIN_FEEDBACK_INTRO: &str = "Câu hỏi người dân đánh giá chưa hữu ích, với câu trả lời hiện nay của trợ lý (chưa kèm ngữ cảnh hội thoại) và các nguồn đã trích.";
pub const ADMIN_FEEDBACK_NONE: &str = "Chưa có đánh giá chưa hữu ích nào trong khoảng thời gian này.";
pub const ADMIN_FEEDBACK_ANSWER: &str = "Câu trả lời hiện nay";
pub const ADMIN_FEEDBACK_SOURCES: &str = "Nguồn đã trích";
pub const ADMIN_QUESTION_ERASED: &str = "(nội dung câu hỏi đã được xóa theo thời hạn lưu trữ)";
pub const ADMIN_STATS_HEADING: &str = "Thống kê";
pub const ADMIN_CHART_PER_DAY: &str = "Số câu hỏi mỗi ngày, theo kênh";
pub const ADMIN_CHART_RATE: &str = "Tỉ lệ trả lời được theo ngày (%)";
pub const ADMIN_CHART_INTENTS: &str = "Loại câu hỏi thường gặp";
pub const ADMIN_CHART_CITED: &str = "Mục của Kế hoạch được trích nhiều nhất";
pub const ADMIN_CHART_EMPTY: &str = "Chưa có dữ liệu trong khoảng thời gian này.";
pub const ADMIN_CHART_DATA: &str = "Xem số liệu";
pub const ADMIN_COL_DAY: &str = "Ngày";
pub const ADMIN_COL_TOTAL: &str = "Tổng";
pub const ADMIN_COL_RATE: &str = "Tỉ lệ";
pub const ADMIN_COL_NAME: &str = "Tên";
pub const ADMIN_STORE_ERROR: &str = "Không đọc được dữ liệu lưu trữ. Vui lòng thử lại sau.";
pub const ADMIN_SIGNED_IN_NEEDED: &str = "Cần đăng nhập bảng điều hành.";

/// The periods the dashboard offers, in days, and how they read.
pub fn admin_period(days: u64) -> String {
    match days {
        1 => "24 giờ qua".to_owned(),
        d => format!("{d} ngày qua"),
    }
}

/// The CSV's header row.
pub const ADMIN_CSV_HEADER: [&str; 7] = ["so_lan", "loai", "lan_gan_nhat", "lan_dau", "dang_gop", "vi_du", "kenh"];

/// How an intent reads for the officials.
pub fn intent_label(intent: &str) -> &str {
    match intent {
        "responsibility" => "Ai chịu trách nhiệm",
        "agency" => "Nhiệm vụ của cơ quan",
        "content" => "Nội dung kế hoạch",
        "fact" => "Số liệu, mốc thời gian",
        "document" => "Văn bản liên quan",
        "overview" => "Tổng quan kế hoạch",
        "contact" => "Liên hệ",
        "source" => "Nguồn trích dẫn",
        "smalltalk" => "Chào hỏi, trò chuyện",
        "out_of_scope" => "Ngoài phạm vi",
        other => other,
    }
}

/// The accessible description of a chart: its title and how many points it shows.
pub fn admin_chart_description(title: &str, points: usize) -> String {
    format!("{title}: biểu đồ gồm {points} mục; số liệu chi tiết ở bảng bên dưới.")
}
