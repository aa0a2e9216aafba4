//! The articles and events: sentences from templates whose slots name a district and one of
//! its counties (and their city and prefecture), so the articles mention units as real reports
//! do. An article about a unit whose name others share says so in its front matter.

use std::fmt::Write as _;

use crate::model::{article_slug, Article, Event, Network};
use crate::names::chars;
use crate::rng::Rng;

pub const PRINCIPLES: [&str; 5] = ["集中连片", "产业相近", "强弱搭配", "优势互鉴", "协作共建"];
pub const AREAS: [&str; 9] = [
    "劳务协作",
    "产业帮扶",
    "消费协作",
    "招商协作",
    "文旅协作",
    "人才交流",
    "教育帮扶",
    "医疗帮扶",
    "乡村振兴",
];
const INDUSTRIES: [&str; 8] = [
    "茶产业",
    "辣椒产业",
    "竹产业",
    "生态畜牧业",
    "中药材种植",
    "乡村旅游",
    "食用菌产业",
    "精品水果产业",
];
const PRODUCTS: [&str; 8] = [
    "茶叶",
    "辣椒",
    "方竹笋",
    "黄牛肉",
    "猕猴桃",
    "红粮",
    "蜂蜜",
    "刺梨",
];
const SOURCES: [&str; 6] = [
    "观海融媒",
    "遵义日报",
    "珠海特区报",
    "贵州日报",
    "新华网",
    "人民网",
];
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范廖";
const GIVEN: &str =
    "明山毅槿嘉诚丹梅志强海燕建华晓东丽娟国庆文军秀英红霞伟峰立新静怡子涵思远雨桐浩然佳琪宇航";

/// Sentences with slots: {D} district, {C} county, {E} the district's city, {W} the county's
/// prefecture, {A} area, {B} another area, {I} industry, {P} product, {N} a count, {M} an
/// amount, {Y} a year.
const SENTENCES: [&str; 18] = [
    "{D}与{C}签订{A}协议，计划在{Y}年内完成{N}个帮扶项目。",
    "{C}组织{N}名农村劳动力赴{D}务工，实现稳定就业。",
    "在{A}方面，{D}投入财政帮扶资金{M}万元，支持{C}发展{I}。",
    "{D}党政代表团赴{C}开展考察调研，召开东西部协作联席会议。",
    "双方围绕{A}、{B}等领域深入交流，推动{I}提质增效。",
    "{C}的{P}通过消费协作进入{D}的商超和机关食堂，销售额达{M}万元。",
    "{D}选派{N}名专业技术人才到{C}的学校和医院开展帮扶。",
    "截至目前，{C}已建成帮扶车间{N}个，吸纳脱贫人口就业{N}人。",
    "{D}与{C}建立互访、协作联席会议和日常协商等沟通对接机制。",
    "会上，{D}有关负责人表示，将持续深化{A}，助力{C}巩固拓展脱贫攻坚成果。",
    "{C}在{D}设立劳务服务工作站，全年举办专场招聘会{N}场。",
    "{D}引导{N}家企业到{C}投资兴业，落地项目总投资{M}万元。",
    "两地坚持“集中连片、产业相近、强弱搭配、优势互鉴、协作共建”的原则，推动{A}走深走实。",
    "推进乡镇、行政村、社区、学校、医院之间结对协作，持续实施“万企兴万村”行动。",
    "{C}的{I}基地引进{D}的技术和市场，带动{N}户群众增收。",
    "今年以来，{D}累计采购、帮助销售{C}农特产品{M}万元。",
    "{E}与{W}召开东西部协作高层联席会议，{D}与{C}现场签约。",
    "{W}在{E}举办农特产品推介会，{C}的{P}签约{M}万元。",
];
const TITLES: [&str; 7] = [
    "{D}与{C}召开东西部协作联席会议",
    "{C}{P}走进{D}",
    "{D}选派干部人才赴{C}开展帮扶",
    "{A}：{D}与{C}携手共进",
    "{D}{C}{A}取得新进展",
    "东西部协作看{C}：{I}“链”上增收",
    "{E}{W}{A}再上新台阶",
];
const HEADINGS: [&str; 4] = [
    "## 工作进展",
    "## {D}与{C}{A}",
    "## 下一步打算",
    "## {I}发展情况",
];

/// The units a sentence is about: a district, one of its counties.
#[derive(Clone, Copy)]
struct Subject {
    district: usize,
    county: usize,
}

/// What an article writes about.
struct Writer<'a> {
    network: &'a Network,
    /// The district it is about.
    focus: usize,
}

impl Writer<'_> {
    /// A county's name or, some of the time, one of its aliases.
    fn county_mention(&self, county: usize, rng: &mut Rng) -> &str {
        let unit = self.network.unit(county);
        if !unit.aliases.is_empty() && rng.chance(35) {
            &unit.aliases[rng.below(unit.aliases.len())]
        } else {
            &unit.name
        }
    }

    /// A district and one of its counties: usually the article's own district, sometimes any,
    /// but never a district whose name others share unless it is the article's own (the
    /// article's `units` name only its own).
    fn subject(&self, rng: &mut Rng) -> Subject {
        let districts = &self.network.districts;
        let mut district = if rng.chance(75) {
            self.focus
        } else {
            districts[rng.below(districts.len())]
        };
        if self.network.is_shared(district) {
            district = self.focus;
        }
        let counties = &self.network.partners[district];
        Subject {
            district,
            county: counties[rng.below(counties.len())],
        }
    }

    /// Fills a template's slots about `about`.
    fn fill(&self, template: &str, about: Subject, rng: &mut Rng, out: &mut String) {
        let network = self.network;
        let mut rest = template;
        let mut area = 0;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let key = &rest[open + 1..open + 2];
            rest = &rest[open + 3..];
            match key {
                "D" => out.push_str(&network.unit(about.district).name),
                "C" => out.push_str(self.county_mention(about.county, rng)),
                "E" => out.push_str(&network.unit(network.parent(about.district)).name),
                "W" => out.push_str(&network.unit(network.parent(about.county)).name),
                "A" => {
                    area = rng.below(AREAS.len());
                    out.push_str(AREAS[area]);
                }
                // Another area than {A}'s.
                "B" => out.push_str(AREAS[(area + 1 + rng.below(AREAS.len() - 1)) % AREAS.len()]),
                "I" => out.push_str(rng.pick(&INDUSTRIES[..])),
                "P" => out.push_str(rng.pick(&PRODUCTS[..])),
                "N" => {
                    let _ = write!(out, "{}", rng.range(2, 300));
                }
                "M" => {
                    let _ = write!(out, "{}", rng.range(50, 20_000));
                }
                _ => {
                    let _ = write!(out, "{}", rng.range(2022, 2026));
                }
            }
        }
        out.push_str(rest);
    }

    /// Three to six sentences; some paragraphs are wrapped after CJK punctuation, which xiezuo
    /// must join without a space.
    fn paragraph(&self, rng: &mut Rng, out: &mut String) {
        let wrap = rng.chance(30);
        for s in 0..rng.range(3, 6) {
            if wrap && s > 0 {
                out.push('\n');
            }
            let about = self.subject(rng);
            self.fill(rng.pick(&SENTENCES[..]), about, rng, out);
        }
    }

    fn table(&self, rng: &mut Rng, out: &mut String) {
        out.push_str(
            "| 结对区 | 结对县 | 项目数 | 帮扶资金（万元） |\n| --- | --- | ---: | ---: |\n",
        );
        let name = &self.network.unit(self.focus).name;
        for &county in &self.network.partners[self.focus] {
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} |",
                self.county_mention(county, rng),
                rng.range(1, 40),
                rng.range(100, 9_000)
            );
        }
        out.push('\n');
    }

    fn list(&self, rng: &mut Rng, out: &mut String) {
        for _ in 0..rng.range(2, 4) {
            let about = self.subject(rng);
            out.push_str("- ");
            self.fill(rng.pick(&SENTENCES[..]), about, rng, out);
            out.push('\n');
        }
        out.push('\n');
    }

    fn body(&self, rng: &mut Rng) -> String {
        let mut body = String::with_capacity(4096);
        let paragraphs = rng.range(3, 7);
        let with_extras = rng.chance(30);
        for p in 0..paragraphs {
            if with_extras && p == paragraphs / 2 {
                let about = self.subject(rng);
                self.fill(rng.pick(&HEADINGS[..]), about, rng, &mut body);
                body.push_str("\n\n");
            }
            self.paragraph(rng, &mut body);
            body.push_str("\n\n");
        }
        if with_extras {
            self.table(rng, &mut body);
            self.list(rng, &mut body);
        }
        body
    }
}

fn person(rng: &mut Rng) -> String {
    let (surnames, given) = (chars(SURNAMES), chars(GIVEN));
    let mut name = String::new();
    name.push(surnames[rng.below(surnames.len())]);
    for _ in 0..rng.range(1, 2) {
        name.push(given[rng.below(given.len())]);
    }
    name
}

/// The `i`-th of `total` articles.
pub fn article(network: &Network, i: usize, total: usize, rng: &mut Rng) -> Article {
    // The first articles are about the zones that share a name, so that case is always there.
    let focus = match network.shared.get(i) {
        Some(&shared) => shared,
        None => network.districts[rng.below(network.districts.len())],
    };
    let writer = Writer { network, focus };
    let about = writer.subject(rng);
    let mut title = String::new();
    writer.fill(rng.pick(&TITLES[..]), about, rng, &mut title);
    let authors = (0..rng.range(1, 3)).map(|_| person(rng)).collect();
    let date = format!(
        "{}-{:02}-{:02}T{:02}:{:02}:00+08:00",
        rng.range(2021, 2025),
        rng.range(1, 12),
        rng.range(1, 28),
        rng.range(7, 22),
        rng.below(60)
    );
    let body = writer.body(rng);
    // The scope that decides a shared name: the zone itself, or its city.
    let units = if network.is_shared(writer.focus) {
        let scope = if rng.chance(50) {
            writer.focus
        } else {
            network.parent(writer.focus)
        };
        vec![network.unit(scope).slug.clone()]
    } else {
        Vec::new()
    };
    Article {
        slug: article_slug(i, total),
        title,
        date,
        source: rng.pick(&SOURCES[..]),
        authors,
        units,
        body,
    }
}

/// Three to seven dated steps: meetings of a city and a prefecture, one of them a span of days.
pub fn events(network: &Network, rng: &mut Rng) -> Vec<Event> {
    (0..rng.range(3, 8))
        .map(|i| {
            let (year, month, day) = (2021 + i / 2, rng.range(1, 12), rng.range(1, 20));
            let district = network.districts[rng.below(network.districts.len())];
            let county = network.partners[district][0];
            Event {
                date: format!("{year}-{month:02}-{day:02}"),
                end: rng
                    .chance(30)
                    .then(|| format!("{year}-{month:02}-{:02}", day + rng.range(1, 8))),
                text: format!(
                    "{}与{}召开东西部协作联席会议，签订{}协议。",
                    network.unit(network.parent(district)).name,
                    network.unit(network.parent(county)).name,
                    rng.pick(&AREAS[..])
                ),
            }
        })
        .collect()
}
