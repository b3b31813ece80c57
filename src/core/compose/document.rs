//! Documents: one document (the plan or another it mentions), or every document the plan
//! refers to.

use super::cite::cite;
use super::{Draft, finish, is_responsible, plan_name};
use crate::core::{Answer, Context, Engine, Intent, Query};
use crate::knowledge::Role;
use crate::messages;

pub(super) fn document(engine: &Engine, q: &Query, ctx: &Context, di: usize) -> Answer {
    let kb = &engine.kb;
    let doc = &kb.documents[di];
    let mut d = Draft { score: 1.0, ..Draft::default() };
    let issuer = doc.issuer.as_deref().and_then(|i| kb.agency(i)).map(|a| a.name.as_str());
    let n = cite(&mut d, &engine.document_citations[di]);
    d.body =
        format!("{}: {} [{n}]", messages::document_line(&messages::document_name(doc), &doc.date, issuer), doc.summary);
    if let Some(parent) = doc.implements.as_deref().and_then(|p| kb.document(p)) {
        d.body.push(' ');
        d.body.push_str(&messages::implements(&messages::document_name(parent)));
    }
    if let Some(a) = doc.issuer.as_deref().and_then(|i| kb.agency(i)) {
        d.mention(&a.id, &a.name, Some(messages::role(Role::BanHanh)));
    } else if let Some(e) = kb.entry(&engine.document_citations[di].id) {
        // No issuer named ("Chương trình giáo dục phổ thông 2018"): the bodies the provision
        // citing it makes responsible are those the answer speaks of.
        for r in e.agencies.iter().filter(|r| is_responsible(r.role)) {
            if let Some(a) = kb.agency(&r.agency) {
                d.mention(&a.id, &a.name, Some(messages::role(r.role)));
            }
        }
    }
    d.document = Some(doc.id.clone());
    finish(engine, q, ctx, Intent::Document, true, d)
}

/// "Kế hoạch nhắc tới những văn bản nào?": every document the plan refers to, cited where it
/// is mentioned.
pub(super) fn all_documents(engine: &Engine, q: &Query, ctx: &Context) -> Answer {
    let kb = &engine.kb;
    let mut d = Draft { score: 1.0, ..Draft::default() };
    d.body = messages::documents_intro(&plan_name(engine));
    for (i, doc) in kb.documents.iter().enumerate() {
        let plan = &kb.documents[engine.plan].id;
        let mentioned_in_plan = kb.entry(&engine.document_citations[i].id).is_some_and(|e| &e.document == plan);
        if i == engine.plan || !mentioned_in_plan {
            continue;
        }
        let n = cite(&mut d, &engine.document_citations[i]);
        let issuer = doc.issuer.as_deref().and_then(|a| kb.agency(a)).map(|a| a.name.as_str());
        d.body.push_str(&format!(
            "\n• {} [{n}]",
            messages::document_line(&messages::document_name(doc), &doc.date, issuer)
        ));
    }
    finish(engine, q, ctx, Intent::Document, true, d)
}
