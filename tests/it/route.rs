//! The routing table: what a question says and the conversation's context → the route, one
//! line per case and every route covered; then sample questions reaching their routes.

use crate::support::engine;
use hoidap::core::route::{self, Route, Signals};
use hoidap::core::{Context, Intent};

/// Signals from words: each word sets one flag. `smalltalk` and `uncovered` name the
/// knowledge base's item 0, `doc` names document 1 and `portal` makes it a portal.
fn signals(words: &str) -> Signals {
    let mut s = Signals { other_documents_are_portals: true, ..Signals::default() };
    for word in words.split_whitespace() {
        match word {
            "empty" => s.empty = true,
            "smalltalk" => s.smalltalk = Some(0),
            "rest-is-question" => s.smalltalk_rest_is_question = true,
            "uncovered" => s.uncovered = Some(0),
            "unknown-document" => s.unknown_document = true,
            "unknown-entity" => s.unknown_entity = true,
            "agencies" => s.agencies = true,
            "plan" => s.plan_named = true,
            "doc" => {
                s.other_documents.push(1);
                s.other_documents_are_portals = false;
            }
            "portal" => s.other_documents_are_portals = true,
            "topic" => s.topic = true,
            "borrowed" => s.borrowed_topic = true,
            "who" => s.who = true,
            "profile" => s.profile = true,
            "fact" => s.fact = true,
            "time" => s.time = true,
            "quantity" => s.quantity = true,
            "issuer" => s.issuer = true,
            "document-list" => s.document_list = true,
            "overview" => s.overview = true,
            "contact" => s.contact = true,
            "contact-detail" => s.contact_detail = true,
            "about-portal" => s.about_portal = true,
            "structure" => s.structure = true,
            "article-part" => s.article_part = true,
            "source" => s.source = true,
            "follow-up" => s.follow_up = true,
            "more" => s.more = true,
            "detail" => s.detail = true,
            other => panic!("unknown signal `{other}`"),
        }
    }
    s
}

/// A context from words: `topic` (a previous topic), `cited` (a previous citation); any word
/// means a previous answer (a content answer).
fn context(words: &str) -> Context {
    let mut c = Context::default();
    if !words.is_empty() {
        c.intent = Some(Intent::Content);
    }
    for word in words.split_whitespace() {
        match word {
            "topic" => c.topic.push("giáo viên".to_owned()),
            "cited" => c.cited.push("tc2-bien-che".to_owned()),
            other => panic!("unknown context `{other}`"),
        }
    }
    c
}

/// (the question as asked, the context, the question as resolved in context or "=" when the
/// context changes nothing, the route).
const TABLE: &[(&str, &str, &str, &str)] = &[
    // Read as asked, before the context.
    ("empty", "", "=", "empty"),
    ("empty who topic", "cited", "=", "empty"),
    ("smalltalk", "", "=", "smalltalk(0)"),
    ("smalltalk agencies", "", "=", "agency"),
    ("smalltalk rest-is-question topic", "", "=", "fact(close) else content"),
    ("uncovered topic", "", "=", "out-of-scope(topic 0)"),
    ("smalltalk uncovered", "", "=", "smalltalk(0)"),
    ("unknown-document", "", "=", "out-of-scope(other-document)"),
    ("unknown-document plan", "", "=", "overview"),
    ("unknown-entity profile", "", "=", "out-of-scope(unknown-entity)"),
    ("unknown-entity plan topic", "", "=", "out-of-scope(unknown-entity)"),
    ("unknown-entity agencies profile", "", "=", "agency"),
    ("detail", "cited", "=", "detail"),
    ("detail", "topic", "=", "content"),
    ("detail", "", "=", "content"),
    ("detail topic", "cited", "=", "fact(close) else content"),
    ("detail agencies", "cited", "=", "agency"),
    ("source", "cited", "=", "source-previous"),
    ("source agencies", "cited", "=", "source-previous"),
    // Portals, then figures.
    ("source", "", "=", "portal(source) else content"),
    ("source doc portal", "", "=", "portal(source) else document(1)"),
    ("source doc", "", "=", "document(1)"),
    // "bài viết có mấy phần" is the portal's first; "đoạn cuối của bài viết" is the plan's item.
    ("source structure", "", "=", "portal(source) else overview"),
    ("source structure article-part", "", "=", "overview"),
    ("source structure article-part topic", "", "=", "overview"),
    ("contact", "", "=", "portal(contact) else content"),
    ("contact topic", "", "=", "portal(contact) else fact(close) else content"),
    ("contact agencies", "", "=", "agency"),
    ("contact contact-detail agencies", "", "=", "out-of-scope(no-contact)"),
    ("contact contact-detail agencies profile", "", "=", "agency"),
    ("about-portal topic", "", "=", "portal(source) else fact(close) else content"),
    ("about-portal topic agencies", "", "=", "agency else content"),
    ("about-portal doc", "", "=", "document(1)"),
    ("time topic", "", "=", "fact(date) else out-of-scope(no-date)"),
    ("quantity plan", "", "=", "fact(number) else out-of-scope(no-figure)"),
    ("time quantity topic", "", "=", "fact(date) else out-of-scope(no-date)"),
    ("time", "", "=", "content"),
    ("time who topic", "", "=", "responsibility"),
    // The plan and other documents.
    ("issuer", "", "=", "plan"),
    ("issuer topic plan", "", "=", "plan"),
    ("issuer topic", "", "=", "fact(close) else content"),
    ("issuer doc", "", "=", "document(1)"),
    ("issuer doc topic", "", "=", "document(1)"),
    ("document-list", "", "=", "documents"),
    ("document-list topic", "", "=", "fact(close) else content"),
    ("overview", "", "=", "overview"),
    ("plan", "", "=", "overview"),
    ("plan who", "", "=", "responsibilities"),
    ("doc", "", "=", "document(1)"),
    ("doc topic", "", "=", "fact(close) else content"),
    // Facts, agencies, responsibility, content.
    ("fact", "", "=", "fact(any) else content"),
    ("fact topic", "", "=", "fact(any) else fact(close) else content"),
    ("fact who topic", "", "=", "responsibility"),
    ("agencies", "", "=", "agency"),
    ("agencies topic", "", "=", "agency else content"),
    ("agencies topic profile", "", "=", "agency"),
    ("agencies topic more", "", "=", "agency"),
    ("agencies who topic", "", "=", "responsibility"),
    ("agencies who", "", "=", "agency"),
    ("agencies doc", "", "=", "document(1)"),
    ("agencies doc profile", "", "=", "agency"),
    ("who", "", "=", "responsibilities"),
    ("who topic", "", "=", "responsibility"),
    ("topic", "", "=", "fact(close) else content"),
    ("", "", "=", "content"),
    // Resolved in context: what the follow-up leaves out comes from the previous turn.
    ("follow-up agencies", "cited", "follow-up agencies borrowed topic", "agency"),
    ("profile", "cited", "profile agencies", "agency"),
    ("agencies topic", "cited", "agencies topic borrowed", "agency else content"),
    ("follow-up topic", "cited", "follow-up topic who", "responsibility"),
    ("time", "topic", "time borrowed topic", "fact(date) else out-of-scope(no-date)"),
    ("issuer", "cited", "issuer doc", "document(1)"),
];

/// Every route, named by its variant; the match has no catch-all, so a new route must be
/// added here, and then to the table.
fn variant(route: &Route) -> &'static str {
    match route {
        Route::Empty => "Empty",
        Route::Smalltalk(_) => "Smalltalk",
        Route::OutOfScope(_) => "OutOfScope",
        Route::Detail => "Detail",
        Route::SourcePrevious => "SourcePrevious",
        Route::Portal { .. } => "Portal",
        Route::Fact { .. } => "Fact",
        Route::Plan => "Plan",
        Route::Document(_) => "Document",
        Route::Documents => "Documents",
        Route::Overview => "Overview",
        Route::Agency { .. } => "Agency",
        Route::Responsibility => "Responsibility",
        Route::Responsibilities => "Responsibilities",
        Route::Content => "Content",
    }
}

const VARIANTS: [&str; 15] = [
    "Empty",
    "Smalltalk",
    "OutOfScope",
    "Detail",
    "SourcePrevious",
    "Portal",
    "Fact",
    "Plan",
    "Document",
    "Documents",
    "Overview",
    "Agency",
    "Responsibility",
    "Responsibilities",
    "Content",
];

/// A route and the routes it falls back on.
fn chain(route: &Route) -> Vec<&Route> {
    let mut out = vec![route];
    let next = match route {
        Route::Portal { otherwise, .. } | Route::Fact { otherwise, .. } => Some(&**otherwise),
        Route::Agency { otherwise } => otherwise.as_deref(),
        _ => None,
    };
    out.extend(next.map(chain).unwrap_or_default());
    out
}

#[test]
fn routing_table() {
    let mut seen = Vec::new();
    let mut failures = Vec::new();
    for &(asked, ctx, resolved, expected) in TABLE {
        let asked_signals = signals(asked);
        let resolved_signals = if resolved == "=" { asked_signals.clone() } else { signals(resolved) };
        let route = route::decide(&asked_signals, &context(ctx), &resolved_signals);
        if route.to_string() != expected {
            failures.push(format!("({asked:?}, ctx {ctx:?}, resolved {resolved:?}): {route}, expected {expected}"));
        }
        seen.extend(chain(&route).into_iter().map(variant));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let missing: Vec<&str> = VARIANTS.iter().copied().filter(|v| !seen.contains(v)).collect();
    assert!(missing.is_empty(), "routes the table never reaches: {missing:?}");
}

/// Sample questions of the shipped knowledge base, alone or after a first question.
#[test]
fn sample_questions_reach_their_routes() {
    let cases: &[(&str, &str, &str)] = &[
        ("", "", "empty"),
        ("", "xin chào", "smalltalk"),
        ("", "Học phí mầm non năm nay là bao nhiêu?", "out-of-scope(topic"),
        ("", "Kế hoạch 299 nói gì?", "out-of-scope(other-document)"),
        ("", "Sở Y tế có nhiệm vụ gì trong kế hoạch 298?", "out-of-scope(unknown-entity)"),
        ("", "Trường THPT Trần Phú được giao nhiệm vụ gì?", "out-of-scope(unknown-entity)"),
        ("", "truong dai hoc y duoc hai phong co nhiem vu gi", "out-of-scope(unknown-entity)"),
        ("", "SỞ Y TẾ CÓ NHIỆM VỤ GÌ?", "out-of-scope(unknown-entity)"),
        ("", "Địa chỉ Sở Giáo dục và Đào tạo ở đâu?", "out-of-scope(no-contact)"),
        ("", "Bài viết này đăng trên trang web nào?", "portal(source)"),
        ("", "Máy tính giúp được gì cho học sinh?", "fact(any) else fact(close) else content"),
        ("", "Hải Phòng có bao nhiêu trường đại học?", "fact(number) else out-of-scope(no-figure)"),
        ("", "Số điện thoại liên hệ của trang thông tin?", "portal(contact)"),
        ("", "Ngân sách cho giáo dục tối thiểu bao nhiêu phần trăm?", "fact(number)"),
        ("", "Kế hoạch 298 ban hành ngày nào?", "fact(date)"),
        ("", "Ai ban hành kế hoạch này?", "plan"),
        ("", "Nghị quyết 29 là gì?", "document("),
        ("", "Kế hoạch nhắc tới những văn bản nào?", "documents"),
        ("", "Kế hoạch 298 có nội dung chính gì?", "overview"),
        ("", "Sở Nội vụ làm gì?", "agency"),
        ("", "Ai chịu trách nhiệm tuyển dụng giáo viên?", "responsibility"),
        ("", "Những cơ quan nào được giao nhiệm vụ?", "responsibilities"),
        ("", "Kế hoạch nói gì về giáo dục mầm non?", "fact(close) else content"),
        ("Ai chịu trách nhiệm tuyển dụng giáo viên?", "chi tiết hơn", "detail"),
        ("Ai chịu trách nhiệm tuyển dụng giáo viên?", "nguồn ở đâu?", "source-previous"),
        ("Sở Tài chính có nhiệm vụ gì?", "còn Sở Nội vụ thì sao?", "agency"),
    ];
    let mut failures = Vec::new();
    for &(first, question, expected) in cases {
        let ctx =
            if first.is_empty() { Context::default() } else { engine().answer(first, &Context::default()).context };
        let route = engine().route(question, &ctx).to_string();
        if !route.starts_with(expected) {
            failures.push(format!("{question:?} (after {first:?}): {route}, expected {expected}…"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Compound questions are answered part by part, each with its own citations; a part the plan
/// does not cover is named; a question no part of which is covered is still declined.
#[test]
fn compound_questions_answer_every_part() {
    let ask = |q: &str| engine().answer(q, &Context::default());
    let markers_cite = |a: &hoidap::core::Answer| {
        let n = a.citations.len();
        a.body.split('[').skip(1).filter_map(|s| s.split(']').next()?.parse::<usize>().ok()).all(|k| k >= 1 && k <= n)
    };

    let two_roles = ask("ai lo ngân sách và ai lo đào tạo giáo viên?");
    assert!(two_roles.answered && markers_cite(&two_roles), "{}", two_roles.body);
    for agency in ["so-tai-chinh", "so-noi-vu"] {
        assert!(two_roles.agencies.iter().any(|a| a.id == agency), "{agency}: {}", two_roles.body);
    }

    let gap = ask("từ ngày ban hành kết luận đến ngày ban hành kế hoạch là bao lâu?");
    assert_eq!(gap.intent, Intent::Fact);
    for part in ["12/8/2024", "30/12/2024", "140 ngày"] {
        assert!(gap.body.contains(part), "{part}: {}", gap.body);
    }
    assert!(markers_cite(&gap));

    let partial = ask("kế hoạch nói gì về trường nghề và về học phí đại học?");
    assert!(partial.answered && partial.body.contains("học phí"), "{}", partial.body);
    assert_eq!(partial.citations.first().map(|c| c.id.as_str()), Some("nd2-gdnn-dai-hoc"));

    for uncovered in ["kế hoạch nói gì về học phí và về đồng phục?", "ai lo sách giáo khoa và ai lo bữa ăn bán trú?"]
    {
        assert!(!ask(uncovered).answered, "{uncovered}");
    }
}
