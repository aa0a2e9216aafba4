//! `xiezuo-gen`: writes a synthetic pairing site of a chosen size, for benchmarks and scale tests.
//! It is not part of the `xiezuo` command; see `bench/run.sh` and `tests/scales.rs`.
//!
//! ```text
//! xiezuo-gen --scale small|1k|10k|100k [--seed N] --out DIR [--hugo DIR]
//! xiezuo-gen --districts N --counties-per-district K --articles A [--seed N] --out DIR
//! ```
//!
//! The output is a valid site in xiezuo's own format (`xiezuo.toml`, `content/pairings.toml`,
//! `content/articles/a-00001.md` …). Everything comes from one hand-written PRNG seeded by
//! `--seed`, so the same seed gives byte-identical files. `--hugo DIR` also writes an equivalent
//! Hugo site (the same pages and site files from the same article Markdown; see the section on it
//! below) for comparison.
//!
//! Names are built so that no name contains another by accident: a stem is two or three
//! syllables, the first from [`FIRST`], a middle one from [`MIDDLE`], the last from [`LAST`];
//! the three tables share no character with each other or with the suffixes (区, 县, 市 …).
//! A stem therefore only occurs in a name at its start, and one name can contain another only
//! when they share a stem, which the generator does on purpose some of the time: 东安区 and
//! 东安新区 (a shared prefix), 东安区 and 东安区经济开发区 (true containment, where the longest
//! name must win), 赤水市 with the alias 赤水县, 道真仡佬族苗族自治县 with the alias 道真县.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool reports on the terminal

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use rayon::prelude::*;
use xiezuo::config::MarkdownSettings;
use xiezuo::linker::{EntityId, Linker};
use xiezuo::markdown::{self, Block};
use xiezuo::network::UnitId;

/// First syllables of a stem.
const FIRST: &str = "东西南北安平永长兴宁德清康泰福寿嘉华桂金银玉丰盛昌隆仁义礼信和顺乐怀正道仙凤龙鹤麒麟青紫丹白云雪汉唐宋明怡靖绥定远";
/// Middle syllables of a three-syllable stem.
const MIDDLE: &str = "阳阴江河海岭峰岗坪坝塘沟冈州城乡村镇集埠宝珠泉源林竹茶梅兰松柏桃杏柳石岩沙花草叶禾麦稻桑枫桐樟榕杉槐橙荷莲芝";
/// Last syllables of a stem.
const LAST: &str = "水山川田溪滩湾洲岛口门关桥亭台阁楼堡寨营屯庄园圃苑谷原野泽湘沅涪潭渡港浦汀汐澜洋泊渚岸汇津埔坞岙垭坳沱渠湄溆泷漳淇汾涧洛沣淮";

/// District suffixes by kind; a 功能区 sometimes shares its stem with a 区.
const DISTRICT_SUFFIX: &str = "区";
const ZONE_SUFFIXES: [&str; 3] = ["新区", "高新区", "保税区"];
/// A zone named after a district plus this contains the district's name on purpose.
const CONTAINING_SUFFIX: &str = "经济开发区";
/// Peoples in the names of autonomous counties.
const PEOPLES: [&str; 5] = [
    "仡佬族苗族",
    "苗族土家族",
    "布依族苗族",
    "土家族苗族",
    "彝族回族苗族",
];

const PRINCIPLES: [&str; 5] = ["集中连片", "产业相近", "强弱搭配", "优势互鉴", "协作共建"];
const AREAS: [&str; 9] = [
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

/// Sentences with slots: {D} district, {C} county, {A} area, {B} another area, {I} industry,
/// {P} product, {N} a count, {M} an amount, {Y} a year.
const SENTENCES: [&str; 16] = [
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
];
const TITLES: [&str; 6] = [
    "{D}与{C}召开东西部协作联席会议",
    "{C}{P}走进{D}",
    "{D}选派干部人才赴{C}开展帮扶",
    "{A}：{D}与{C}携手共进",
    "{D}{C}{A}取得新进展",
    "东西部协作看{C}：{I}“链”上增收",
];
const HEADINGS: [&str; 4] = [
    "## 工作进展",
    "## {D}与{C}{A}",
    "## 下一步打算",
    "## {I}发展情况",
];

/// Writes a synthetic xiezuo site.
#[derive(Debug, Parser)]
#[command(
    name = "xiezuo-gen",
    about = "Writes a synthetic pairing site for benchmarks"
)]
struct Cli {
    /// A preset size: small (5 districts, 8 counties, 1 article), 1k, 10k or 100k.
    #[arg(long, value_parser = ["small", "1k", "10k", "100k"])]
    scale: Option<String>,
    /// Number of districts (overrides the scale).
    #[arg(long)]
    districts: Option<usize>,
    /// Counties per district, on average (overrides the scale); at least 1.
    #[arg(long)]
    counties_per_district: Option<usize>,
    /// Number of articles (overrides the scale).
    #[arg(long)]
    articles: Option<usize>,
    /// The PRNG seed; the same seed gives byte-identical files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The site folder to write. It must not exist, be empty, or be an earlier xiezuo-gen output.
    #[arg(long)]
    out: PathBuf,
    /// Also write an equivalent Hugo site here (same rules as --out).
    #[arg(long)]
    hugo: Option<PathBuf>,
}

/// How big a site to make.
#[derive(Debug, Clone, Copy)]
struct Size {
    districts: usize,
    counties: usize,
    articles: usize,
}

fn preset(scale: &str) -> Size {
    let (districts, counties, articles) = match scale {
        "small" => (5, 8, 1),
        "1k" => (400, 800, 200),
        "10k" => (4_000, 8_000, 2_000),
        _ => (40_000, 80_000, 20_000),
    };
    Size {
        districts,
        counties,
        articles,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let base = cli.scale.as_deref().map(preset);
    let districts = cli.districts.or(base.map(|s| s.districts));
    let counties = match (cli.counties_per_district, districts) {
        (Some(k), Some(d)) => Some(k * d),
        _ => base.map(|s| s.counties),
    };
    let articles = cli.articles.or(base.map(|s| s.articles));
    let (Some(districts), Some(counties), Some(articles)) = (districts, counties, articles) else {
        eprintln!(
            "error: give --scale small|1k|10k|100k, or --districts N --counties-per-district K --articles A"
        );
        return ExitCode::from(2);
    };
    if districts == 0 || counties < districts {
        eprintln!("error: need at least one district and at least one county per district");
        return ExitCode::from(2);
    }
    let size = Size {
        districts,
        counties,
        articles,
    };
    if size.districts + size.counties > stem_capacity() {
        eprintln!(
            "error: at most {} districts and counties together",
            stem_capacity()
        );
        return ExitCode::from(2);
    }
    let started = Instant::now();
    let site = Site::generate(size, cli.seed);
    let result = write_site(&site, &cli.out, cli.seed).and_then(|bytes| {
        let hugo = match &cli.hugo {
            Some(dir) => write_hugo(&site, dir)?,
            None => 0,
        };
        Ok(bytes + hugo)
    });
    match result {
        Ok(bytes) => {
            println!(
                "generated {} districts, {} counties, {} articles (seed {}) · {:.1} MB in {} · {} ms",
                size.districts,
                size.counties,
                size.articles,
                cli.seed,
                bytes as f64 / 1e6,
                cli.out.display(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Randomness

/// SplitMix64: tiny, fast, and good enough to make varied but reproducible text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0); the tiny modulo bias does not matter here.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// The model

struct District {
    slug: String,
    name: String,
    kind: &'static str,
    counties: Vec<usize>,
}

struct County {
    slug: String,
    name: String,
    kind: &'static str,
    aliases: Vec<String>,
    district: usize,
}

struct Event {
    date: String,
    end: Option<String>,
    text: String,
}

struct Article {
    slug: String,
    title: String,
    date: String,
    source: &'static str,
    authors: Vec<String>,
    body: String,
}

struct Site {
    districts: Vec<District>,
    counties: Vec<County>,
    events: Vec<Event>,
    articles: Vec<Article>,
}

fn chars(table: &str) -> Vec<char> {
    table.chars().collect()
}

fn stem_capacity() -> usize {
    let (f, m, l) = (
        FIRST.chars().count(),
        MIDDLE.chars().count(),
        LAST.chars().count(),
    );
    f * l + f * m * l
}

/// The `i`-th stem: two syllables first, then three.
fn stem(i: usize, first: &[char], middle: &[char], last: &[char]) -> String {
    let two = first.len() * last.len();
    if i < two {
        [first[i / last.len()], last[i % last.len()]]
            .iter()
            .collect()
    } else {
        let j = i - two;
        let (f, rest) = (
            j / (middle.len() * last.len()),
            j % (middle.len() * last.len()),
        );
        [first[f], middle[rest / last.len()], last[rest % last.len()]]
            .iter()
            .collect()
    }
}

/// `count` distinct stems in a seed-dependent order, preferring the natural two-syllable ones.
fn stems(count: usize, rng: &mut Rng) -> Vec<String> {
    let (first, middle, last) = (chars(FIRST), chars(MIDDLE), chars(LAST));
    let two = first.len() * last.len();
    // Take all the two-syllable stems first when they suffice, else all of them plus a random
    // sample of three-syllable ones; then shuffle so neighbours in the file are not related.
    let mut pool: Vec<usize> = (0..two.min(stem_capacity())).collect();
    if count > two {
        let mut three: Vec<usize> = (two..stem_capacity()).collect();
        shuffle(&mut three, rng);
        pool.extend_from_slice(&three[..count - two]);
    }
    shuffle(&mut pool, rng);
    pool.truncate(count);
    pool.into_iter()
        .map(|i| stem(i, &first, &middle, &last))
        .collect()
}

fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

fn slug(prefix: char, i: usize, total: usize) -> String {
    let width = total.to_string().len().max(4);
    format!("{prefix}-{:0width$}", i + 1)
}

impl Site {
    fn generate(size: Size, seed: u64) -> Site {
        let mut rng = Rng(seed);
        // One stem per district and county; deliberate name overlaps reuse a district's stem.
        let mut names = stems(size.districts + size.counties, &mut rng).into_iter();
        let mut districts: Vec<District> = Vec::with_capacity(size.districts);
        for i in 0..size.districts {
            let stem = names.next().expect("enough stems");
            let previous = districts.last().filter(|d| d.kind == "区");
            let (name, kind) = match previous {
                // 东安区 then 东安新区: a shared prefix.
                Some(prev) if rng.chance(5) => {
                    let prev_stem = prev.name.trim_end_matches(DISTRICT_SUFFIX);
                    (format!("{prev_stem}{}", ZONE_SUFFIXES[0]), "功能区")
                }
                // 东安区 then 东安区经济开发区: one name inside another.
                Some(prev) if rng.chance(3) => {
                    (format!("{}{CONTAINING_SUFFIX}", prev.name), "功能区")
                }
                _ if rng.chance(15) => {
                    (format!("{stem}{}", rng.pick(&ZONE_SUFFIXES[..])), "功能区")
                }
                _ => (format!("{stem}{DISTRICT_SUFFIX}"), "区"),
            };
            districts.push(District {
                slug: slug('d', i, size.districts),
                name,
                kind,
                counties: Vec::new(),
            });
        }

        // Every district gets one county, the rest are spread at random.
        let mut owner: Vec<usize> = (0..size.districts).collect();
        owner.extend((size.districts..size.counties).map(|_| rng.below(size.districts)));
        shuffle(&mut owner, &mut rng);
        let mut counties = Vec::with_capacity(size.counties);
        for (i, &district) in owner.iter().enumerate() {
            let stem = names.next().expect("enough stems");
            let roll = rng.below(100);
            let (name, kind, aliases) = if roll < 15 {
                let people = rng.pick(&PEOPLES[..]);
                (
                    format!("{stem}{people}自治县"),
                    "自治县",
                    vec![format!("{stem}县")],
                )
            } else if roll < 30 {
                // A county-level city, often still called by its old county name.
                let aliases = if rng.chance(50) {
                    vec![format!("{stem}县")]
                } else {
                    Vec::new()
                };
                (format!("{stem}市"), "县级市", aliases)
            } else {
                (format!("{stem}县"), "县", Vec::new())
            };
            districts[district].counties.push(i);
            counties.push(County {
                slug: slug('c', i, size.counties),
                name,
                kind,
                aliases,
                district,
            });
        }

        let events = (0..rng.range(3, 8))
            .map(|i| {
                let (year, month, day) = (2021 + i / 2, rng.range(1, 12), rng.range(1, 20));
                let d = rng.below(districts.len());
                let c = districts[d].counties[0];
                Event {
                    date: format!("{year}-{month:02}-{day:02}"),
                    end: rng
                        .chance(30)
                        .then(|| format!("{year}-{month:02}-{:02}", day + rng.range(1, 8))),
                    text: format!(
                        "{}与{}召开东西部协作联席会议，签订{}协议。",
                        districts[d].name,
                        counties[c].name,
                        rng.pick(&AREAS[..])
                    ),
                }
            })
            .collect();

        let mut site = Site {
            districts,
            counties,
            events,
            articles: Vec::with_capacity(size.articles),
        };
        for i in 0..size.articles {
            let article = site.article(i, size.articles, &mut rng);
            site.articles.push(article);
        }
        site
    }

    /// A county's name or, some of the time, one of its aliases.
    fn county_mention(&self, c: usize, rng: &mut Rng) -> &str {
        let county = &self.counties[c];
        if !county.aliases.is_empty() && rng.chance(35) {
            &county.aliases[rng.below(county.aliases.len())]
        } else {
            &county.name
        }
    }

    /// Fills a template's slots. `d` and `c` are the entities the sentence is about.
    fn fill(&self, template: &str, d: usize, c: usize, rng: &mut Rng, out: &mut String) {
        let mut rest = template;
        let mut area = 0;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let key = &rest[open + 1..open + 2];
            rest = &rest[open + 3..];
            match key {
                "D" => out.push_str(&self.districts[d].name),
                "C" => out.push_str(self.county_mention(c, rng)),
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

    /// A district and one of its counties; usually the article's own, sometimes any pair.
    fn subject(&self, focus: usize, rng: &mut Rng) -> (usize, usize) {
        let d = if rng.chance(75) {
            focus
        } else {
            rng.below(self.districts.len())
        };
        let counties = &self.districts[d].counties;
        (d, counties[rng.below(counties.len())])
    }

    fn article(&self, i: usize, total: usize, rng: &mut Rng) -> Article {
        let focus = rng.below(self.districts.len());
        let (d, c) = self.subject(focus, rng);
        let mut title = String::new();
        self.fill(rng.pick(&TITLES[..]), d, c, rng, &mut title);
        let surnames = chars(SURNAMES);
        let given = chars(GIVEN);
        let authors = (0..rng.range(1, 3))
            .map(|_| {
                let mut name = String::new();
                name.push(surnames[rng.below(surnames.len())]);
                for _ in 0..rng.range(1, 2) {
                    name.push(given[rng.below(given.len())]);
                }
                name
            })
            .collect();
        let date = format!(
            "{}-{:02}-{:02}T{:02}:{:02}:00+08:00",
            rng.range(2021, 2025),
            rng.range(1, 12),
            rng.range(1, 28),
            rng.range(7, 22),
            rng.below(60)
        );

        let mut body = String::with_capacity(4096);
        let paragraphs = rng.range(3, 7);
        let with_extras = rng.chance(30);
        for p in 0..paragraphs {
            if with_extras && p == paragraphs / 2 {
                let (d, c) = self.subject(focus, rng);
                self.fill(rng.pick(&HEADINGS[..]), d, c, rng, &mut body);
                body.push_str("\n\n");
            }
            self.paragraph(focus, rng, &mut body);
            body.push_str("\n\n");
        }
        if with_extras {
            self.table(focus, rng, &mut body);
            self.list(focus, rng, &mut body);
        }
        Article {
            slug: format!(
                "a-{:0width$}",
                i + 1,
                width = total.to_string().len().max(5)
            ),
            title,
            date,
            source: rng.pick(&SOURCES[..]),
            authors,
            body,
        }
    }

    /// Three to six sentences; some paragraphs are wrapped after CJK punctuation, which xiezuo
    /// must join without a space.
    fn paragraph(&self, focus: usize, rng: &mut Rng, out: &mut String) {
        let wrap = rng.chance(30);
        for s in 0..rng.range(3, 6) {
            if wrap && s > 0 {
                out.push('\n');
            }
            let (d, c) = self.subject(focus, rng);
            self.fill(rng.pick(&SENTENCES[..]), d, c, rng, out);
        }
    }

    fn table(&self, focus: usize, rng: &mut Rng, out: &mut String) {
        out.push_str(
            "| 结对区 | 结对县 | 项目数 | 帮扶资金（万元） |\n| --- | --- | ---: | ---: |\n",
        );
        let d = &self.districts[focus];
        for &c in &d.counties {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                d.name,
                self.county_mention(c, rng),
                rng.range(1, 40),
                rng.range(100, 9_000)
            );
        }
        out.push('\n');
    }

    fn list(&self, focus: usize, rng: &mut Rng, out: &mut String) {
        for _ in 0..rng.range(2, 4) {
            let (d, c) = self.subject(focus, rng);
            out.push_str("- ");
            self.fill(rng.pick(&SENTENCES[..]), d, c, rng, out);
            out.push('\n');
        }
        out.push('\n');
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// The file that marks a folder as xiezuo-gen output, so a rerun may replace it.
const MARKER: &str = ".xiezuo-gen";

/// Makes `dir` ready to write: created if missing; emptied if an earlier run wrote it.
fn prepare(dir: &Path, note: &str) -> io::Result<()> {
    if dir.exists() {
        let empty = fs::read_dir(dir)?.next().is_none();
        if !empty && !dir.join(MARKER).exists() {
            return Err(io::Error::other(format!(
                "{} is not empty and was not written by xiezuo-gen; refusing to replace it",
                dir.display()
            )));
        }
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    fs::write(dir.join(MARKER), note)
}

/// Counts what was written, for the summary line.
struct Files {
    bytes: u64,
}

impl Files {
    fn write(
        &mut self,
        path: &Path,
        build: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let file = File::create(path).map_err(|err| with_path(err, path))?;
        let mut writer = Counting {
            inner: BufWriter::with_capacity(64 * 1024, file),
            bytes: 0,
        };
        build(&mut writer).map_err(|err| with_path(err, path))?;
        writer.inner.flush().map_err(|err| with_path(err, path))?;
        self.bytes += writer.bytes;
        Ok(())
    }
}

struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn with_path(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}

/// A TOML basic string. Generated text has no quotes, backslashes or control characters (a
/// quoted paragraph could hold a line break), but stay correct anyway.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(quoted).collect();
    format!("[{}]", items.join(", "))
}

const SITE_TITLE: &str = "东滨 · 西岭 东西部协作（合成数据）";
const PAIRING_TITLE: &str = "东滨市对口协作西岭市东西部协作结对";
/// The eastern and western city: (name, province).
const EAST: (&str, &str) = ("东滨市", "广东省");
const WEST: (&str, &str) = ("西岭市", "贵州省");

fn site_description(site: &Site) -> String {
    format!(
        "合成的东西部协作结对站点：{}个区(功能区)、{}个县(市)、{}篇报道。",
        site.districts.len(),
        site.counties.len(),
        site.articles.len()
    )
}

/// The pairing's own fields (everything in `pairings.toml` before the districts): xiezuo's data
/// file and Hugo's `data/pairing.toml` both start with them.
fn write_pairing_summary(w: &mut dyn Write, site: &Site) -> io::Result<()> {
    writeln!(w, "title = {}", quoted(PAIRING_TITLE))?;
    writeln!(
        w,
        "summary = \"{}{}个区(功能区)与{}{}个县(市)建立结对关系。\"",
        EAST.0,
        site.districts.len(),
        WEST.0,
        site.counties.len()
    )?;
    writeln!(w, "principles = {}", quoted_list(PRINCIPLES))?;
    writeln!(w, "areas = {}", quoted_list(AREAS[..4].iter().copied()))?;
    for (table, (name, province)) in [("east", EAST), ("west", WEST)] {
        writeln!(
            w,
            "\n[{table}]\nname = \"{name}\"\nprovince = \"{province}\""
        )?;
    }
    writeln!(
        w,
        "\n[previous]\nrelation = \"对口帮扶\"\nprovince = \"云南省\"\nname = \"怒江州\"\ncounties = 4"
    )
}

fn write_site(site: &Site, out: &Path, seed: u64) -> io::Result<u64> {
    let note = format!(
        "written by xiezuo-gen --seed {seed}: {} districts, {} counties, {} articles\n",
        site.districts.len(),
        site.counties.len(),
        site.articles.len()
    );
    prepare(out, &note)?;
    let articles_dir = out.join("content/articles");
    fs::create_dir_all(&articles_dir)?;
    let mut files = Files { bytes: 0 };

    files.write(&out.join("xiezuo.toml"), |w| {
        writeln!(w, "# Synthetic site written by xiezuo-gen (seed {seed}).")?;
        writeln!(w, "title = {}", quoted(SITE_TITLE))?;
        writeln!(w, "description = {}", quoted(&site_description(site)))?;
        writeln!(
            w,
            "base_url = \"https://example.org/\"\nlanguage = \"zh-CN\""
        )
    })?;

    files.write(&out.join("content/pairings.toml"), |w| {
        writeln!(
            w,
            "# Synthetic pairing data written by xiezuo-gen (seed {seed})."
        )?;
        write_pairing_summary(w, site)?;
        for d in &site.districts {
            let counties = d.counties.iter().map(|&c| site.counties[c].slug.as_str());
            writeln!(
                w,
                "\n[[districts]]\nslug = \"{}\"\nname = {}\nkind = \"{}\"\ncounties = {}",
                d.slug,
                quoted(&d.name),
                d.kind,
                quoted_list(counties)
            )?;
        }
        for c in &site.counties {
            writeln!(
                w,
                "\n[[counties]]\nslug = \"{}\"\nname = {}\nkind = \"{}\"\naliases = {}",
                c.slug,
                quoted(&c.name),
                c.kind,
                quoted_list(c.aliases.iter().map(String::as_str))
            )?;
        }
        write_events(w, site, "")
    })?;

    for a in &site.articles {
        files.write(&articles_dir.join(format!("{}.md", a.slug)), |w| {
            write_front_matter(w, a)?;
            writeln!(w)?;
            w.write_all(a.body.as_bytes())
        })?;
    }
    Ok(files.bytes)
}

/// The `[[events]]` tables, with dates between `quote`s (none for TOML dates).
fn write_events(w: &mut dyn Write, site: &Site, quote: &str) -> io::Result<()> {
    for e in &site.events {
        writeln!(w, "\n[[events]]\ndate = {quote}{}{quote}", e.date)?;
        if let Some(end) = &e.end {
            writeln!(w, "end = {quote}{end}{quote}")?;
        }
        writeln!(w, "text = {}", quoted(&e.text))?;
    }
    Ok(())
}

fn write_front_matter(w: &mut dyn Write, a: &Article) -> io::Result<()> {
    writeln!(
        w,
        "+++\ntitle = {}\ndate = {}\nsource = {}\nauthors = {}\n+++",
        quoted(&a.title),
        a.date,
        quoted(a.source),
        quoted_list(a.authors.iter().map(String::as_str))
    )
}

// ---------------------------------------------------------------------------------------------
// The equivalent Hugo site, for bench/run.sh: one content file per district, county and article
// (the same article Markdown), and layouts written the way an experienced Hugo user would write
// them to render the same pages and site files as xiezuo, so that the benchmark compares equal
// work.
//
// Rendered by Hugo itself: every page's full <head> (description, canonical, colour scheme and
// theme colours, icon, stylesheet, Atom link, Open Graph and Twitter metas, the search script),
// the header with brand, navigation (a menu, with aria-current / is-section) and the hidden
// search form, breadcrumbs (from the page's ancestors) and the footer; the entity pages' eyebrow,
// heading, lead sentence (made from the pairing in cached partials), the neighbourhood diagram
// (laid out in the template with Hugo's math functions, in xiezuo's markup: the district box on
// the left, its counties on the right, one path per pairing), facts, partner and sibling cards
// and quotes (each a blockquote with the paragraph, this entity's mentions in <mark>, and the
// linked article title and date); the article pages' header, body (with xiezuo's p-N ids on
// paragraphs and list items, added in a cached partial: Goldmark has no paragraph hook), byline
// and mentioned districts and counties; the home page's facts, principles, areas, whole-pairing
// diagram (small sites) or notice, per-district table, events and article list with leads (the
// first paragraph of .Plain, cut at 120 characters like xiezuo's); the 404 page. Site files:
// sitemap.xml (a custom template with xiezuo's lastmod rule), robots.txt, atom.xml (a home
// output format: the 20 newest articles in full) and search-index.json (a home output format in
// xiezuo's shape, {"v":1,"docs":[[title,url,kind,keys,text],…]}, one jsonify per document).
// xiezuo's style.css, favicon.svg and search.js are copied into static/.
//
// Precomputed by the generator, as a Hugo user would with a script, because a template cannot
// reasonably find names in text: each district's and county's quotes in its front matter
// (article, block id, and the paragraph text split into plain and marked runs; found with
// xiezuo's own linker and Markdown pass, so they are exactly the paragraphs xiezuo quotes, newest
// article first) and each article's mentioned districts and counties.
//
// Left out or different: xiezuo links every district and county name inside article bodies; the
// Hugo articles keep their text unlinked, so their pages and atom.xml are smaller. Otherwise the
// pages match xiezuo's byte for byte but for what Hugo itself does differently: html/template
// writes "+" in attributes as "&#43;", Goldmark indents tables, the home page gets Hugo's
// generator meta, the footer names Hugo, diagram ids are an MD5 prefix rather than xiezuo's FNV
// hash, the whole-pairing diagram lists county boxes in row order, an article's search text is
// .Plain (headings and table cells included), and articles of the same minute sort by title
// rather than by slug.

const HUGO_CONFIG: &str = r##"baseURL = "https://example.org/"
locale = "zh-CN"
hasCJKLanguage = true
disableKinds = ["taxonomy", "term", "rss"]
enableRobotsTXT = true

[outputs]
home = ["html", "atom", "searchindex"]
section = ["html"]
page = ["html"]

[mediaTypes."application/atom+xml"]
suffixes = ["xml"]

[outputFormats.atom]
mediaType = "application/atom+xml"
baseName = "atom"
isPlainText = true
rel = "alternate"

[outputFormats.searchindex]
mediaType = "application/json"
baseName = "search-index"
isPlainText = true
notAlternative = true

[markup.goldmark.extensions.cjk]
enable = true
eastAsianLineBreaks = true

[[menus.main]]
name = "首页"
pageRef = "/"
weight = 1
params = { section = "index" }

[[menus.main]]
name = "结对区"
pageRef = "/districts"
weight = 2
params = { section = "districts" }

[[menus.main]]
name = "结对县(市)"
pageRef = "/counties"
weight = 3
params = { section = "counties" }
"##;

const HUGO_BASEOF: &str = r##"<!DOCTYPE html>
<html lang="{{ site.Language.Locale }}">
<head>
{{- $kind := "index" }}
{{- if eq .Kind "section" }}{{ $kind = .Section }}
{{- else if eq .Kind "page" }}{{ $kind = index (dict "districts" "district" "counties" "county" "articles" "article") .Section }}
{{- else if eq .Kind "404" }}{{ $kind = "404" }}{{ end }}
{{- $section := cond .IsPage .Section "" }}
{{- $heading := cond (eq $kind "404") "页面不存在" .Title }}
{{- $p := hugo.Data.pairing }}
{{- $description := "" }}
{{- if .IsHome }}{{ $description = site.Params.description }}
{{- else if eq $kind "404" }}{{ $description = "您要找的页面不存在或已移动。" }}
{{- else if eq $kind "districts" }}{{ $description = printf "%s%d个结对区(功能区)及其在%s的结对县(市)。" $p.east.name (len .Pages) $p.west.name }}
{{- else if eq $kind "counties" }}{{ $description = printf "%s%d个结对县(市)及其在%s的结对区。" $p.west.name (len .Pages) $p.east.name }}
{{- else if eq $kind "district" }}{{ $description = partialCached "district-sentence.html" . .Path }}
{{- else if eq $kind "county" }}{{ $description = partialCached "county-sentence.html" . .Path }}
{{- else }}{{ $description = partialCached "lead.html" . .Path }}{{ end }}
{{- /* At most 120 characters, as xiezuo shortens descriptions; the layouts reuse it as their lead. */}}
{{- if gt (strings.RuneCount $description) 120 }}{{ $description = printf "%s…" (substr $description 0 120) }}{{ end }}
{{- .Store.Set "description" $description }}
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ $heading }} · {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ $description }}">
<link rel="canonical" href="{{ .Permalink }}">
<meta name="color-scheme" content="light dark">
<meta name="theme-color" content="#9f1d28" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#17191e" media="(prefers-color-scheme: dark)">
<link rel="icon" href="{{ "favicon.svg" | relURL }}" type="image/svg+xml">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{- with site.Home.OutputFormats.Get "atom" }}
<link rel="alternate" type="{{ .MediaType.Type }}" title="{{ site.Title }}" href="{{ .RelPermalink }}">
{{- end }}
<meta property="og:type" content="{{ if eq $kind "article" }}article{{ else }}website{{ end }}">
<meta property="og:title" content="{{ $heading }}">
<meta property="og:description" content="{{ $description }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:locale" content="{{ replace site.Language.Locale "-" "_" }}">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{{ $heading }}">
<meta name="twitter:description" content="{{ $description }}">
<script src="{{ "search.js" | relURL }}" defer></script>
</head>
<body class="page-{{ $kind }}">
<a class="skip-link" href="#main">跳到正文</a>
<header class="site-header">
  <div class="wrap site-header__inner">
    <a class="brand" href="{{ site.Home.RelPermalink }}"><img class="brand__mark" src="{{ "favicon.svg" | relURL }}" alt="" width="28" height="28"><span>{{ site.Title }}</span></a>
    <nav class="site-nav" aria-label="主导航">
      <ul>
{{- range site.Menus.main }}
        <li><a href="{{ .URL }}"{{ if eq .Params.section $kind }} aria-current="page"{{ else if eq .Params.section $section }} class="is-section"{{ end }}>{{ .Name }}</a></li>
{{- end }}
      </ul>
    </nav>
    <form class="site-search" role="search" data-search-index="{{ with site.Home.OutputFormats.Get "searchindex" }}{{ .RelPermalink }}{{ end }}" hidden>
      <label class="visually-hidden" for="site-search-input">搜索区、县(市)和报道</label>
      <input id="site-search-input" type="search" placeholder="搜索：务川、湄潭、劳务协作…" autocomplete="off" aria-describedby="site-search-status">
      <p id="site-search-status" class="visually-hidden" aria-live="polite"></p>
      <ul class="site-search__results" hidden></ul>
    </form>
  </div>
</header>
{{- if .IsPage }}
<nav class="breadcrumbs wrap" aria-label="当前位置">
  <ol>
{{- range .Ancestors.Reverse }}{{ if .RelPermalink }}
    <li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{- end }}{{ end }}
    <li><span aria-current="page">{{ $heading }}</span></li>
  </ol>
</nav>
{{- end }}
<main id="main" class="wrap" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p>{{ site.Title }}{{ with site.Params.description }} · {{ . }}{{ end }}</p>
    <p class="site-footer__meta">本站由 Hugo 生成的静态页面组成，无需脚本即可浏览。</p>
  </div>
</footer>
</body>
</html>
"##;

const HUGO_HOME: &str = r##"{{ define "main" }}
{{- $p := hugo.Data.pairing }}
{{- $districts := (site.GetPage "/districts").Pages }}
{{- $countyCount := len (site.GetPage "/counties").Pages }}
<section class="hero" aria-labelledby="page-title">
  <p class="hero__eyebrow">东西部协作 · {{ $p.east.province }}{{ $p.east.name }} — {{ $p.west.province }}{{ $p.west.name }}</p>
  <h1 id="page-title">{{ .Title }}</h1>
  {{ with $p.summary }}<p class="lead">{{ . }}</p>{{ end }}
  <dl class="facts">
    <div class="facts__item"><dt>东部</dt><dd>{{ $p.east.province }}{{ $p.east.name }} · {{ len $districts }}个区(功能区)</dd></div>
    <div class="facts__item"><dt>西部</dt><dd>{{ $p.west.province }}{{ $p.west.name }} · {{ $countyCount }}个县(市)</dd></div>
    {{- with $p.previous }}
    <div class="facts__item"><dt>调整前</dt><dd>{{ .relation }}{{ .province }}{{ .name }}{{ with .counties }}{{ . }}个县(市){{ end }}</dd></div>
    {{- end }}
  </dl>
</section>

<div class="columns">
  <section aria-labelledby="principles-title">
    <h2 id="principles-title">结对原则</h2>
    <ul class="chips">
{{- range $p.principles }}
      <li>{{ . }}</li>
{{- end }}
    </ul>
  </section>
  <section aria-labelledby="areas-title">
    <h2 id="areas-title">协作领域</h2>
    <ul class="chips chips--quiet">
{{- range $p.areas }}
      <li>{{ . }}</li>
{{- end }}
    </ul>
  </section>
</div>

<section aria-labelledby="pairings-title">
  <h2 id="pairings-title">结对关系</h2>
  {{- if and (le (len $districts) 60) (le $countyCount 100) }}
  {{- $sentences := slice }}
  {{- range $districts }}
    {{- $names := slice }}
    {{- range partialCached "counties-of.html" . .Path }}{{ $names = $names | append .Title }}{{ end }}
    {{- $sentences = $sentences | append (printf "%s与%s结对" .Title (delimit $names "、")) }}
  {{- end }}
  <figure class="diagram">
    <div class="diagram__scroll">{{ partial "diagram.html" (dict "districts" $districts "title" (printf "%s与%s结对关系图" $p.east.name $p.west.name) "description" (printf "%s。" (delimit $sentences "；"))) }}</div>
    <figcaption>左列为{{ $p.east.name }}的区(功能区)，右列为{{ $p.west.name }}的县(市)；点击名称查看详情。</figcaption>
  </figure>
  {{- else }}
  <p class="muted">结对数量较多（{{ len $districts }}个区、{{ $countyCount }}个县），以下按区列出全部结对关系。</p>
  {{- end }}
  <div class="table-scroll">
  <table class="pairings">
    <caption>{{ $p.east.name }}{{ len $districts }}个区(功能区)与{{ $p.west.name }}{{ $countyCount }}个县(市)的结对关系</caption>
    <thead>
      <tr><th scope="col">{{ $p.east.name }}</th><th scope="col">结对的{{ $p.west.name }}县(市)</th></tr>
    </thead>
    <tbody>
{{- range $districts }}
      <tr>
        <th scope="row"><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="kind">{{ .Params.kind }}</span></th>
        <td><ul class="inline-list">{{ range partialCached "counties-of.html" . .Path }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></td>
      </tr>
{{- end }}
    </tbody>
  </table>
  </div>
</section>

{{- with sort $p.events "date" }}
<section aria-labelledby="events-title">
  <h2 id="events-title">大事记</h2>
  <ol class="timeline">
{{- range . }}
    {{- $start := time.AsTime .date }}
    <li>
      <p class="timeline__date"><time datetime="{{ .date }}">{{ $start.Format "2006年1月2日" }}</time>{{ with .end }}{{ $end := time.AsTime . }}至<time datetime="{{ . }}">{{ if eq ($end.Format "2006-01") ($start.Format "2006-01") }}{{ $end.Format "2日" }}{{ else }}{{ $end.Format "2006年1月2日" }}{{ end }}</time>{{ end }}</p>
      <p>{{ .text }}</p>
    </li>
{{- end }}
  </ol>
</section>
{{- end }}

{{- with (site.GetPage "/articles").Pages }}
<section aria-labelledby="articles-title">
  <h2 id="articles-title">相关报道</h2>
  <ul class="cards">
{{- range . }}
    <li class="card">
      <h3 class="card__title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
      <p class="meta">{{ with .Params.source }}{{ . }} · {{ end }}<time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2006年1月2日 15:04" }}</time></p>
      {{- $lead := partialCached "lead.html" . .Path }}
      <p>{{ if gt (strings.RuneCount $lead) 120 }}{{ substr $lead 0 120 }}…{{ else }}{{ $lead }}{{ end }}</p>
    </li>
{{- end }}
  </ul>
</section>
{{- end }}
{{ end }}
"##;

const HUGO_DISTRICTS: &str = r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Store.Get "description" }}</p>
<ul class="cards">
{{- range .Pages }}
  <li class="card">
    <h2 class="card__title"><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="kind">{{ .Params.kind }}</span></h2>
    <p><span class="muted">结对：</span>{{ range $i, $c := partialCached "counties-of.html" . .Path }}{{ if $i }}、{{ end }}<a href="{{ $c.RelPermalink }}">{{ $c.Title }}</a>{{ end }}</p>
  </li>
{{- end }}
</ul>
{{ end }}
"##;

const HUGO_COUNTIES: &str = r##"{{ define "main" }}
{{- $east := hugo.Data.pairing.east.name }}
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Store.Get "description" }}</p>
<ul class="cards">
{{- range .Pages }}
  <li class="card">
    <h2 class="card__title"><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="kind">{{ .Params.kind }}</span></h2>
    {{- with .Params.other_names }}<p><span class="muted">简称：</span>{{ delimit . "、" }}</p>{{ end }}
    {{- with site.GetPage (printf "/districts/%s" .Params.district) }}
    <p><span class="muted">结对区：</span><a href="{{ .RelPermalink }}">{{ $east }}{{ .Title }}</a></p>
    {{- end }}
  </li>
{{- end }}
</ul>
{{ end }}
"##;

const HUGO_DISTRICT: &str = r##"{{ define "main" }}
{{- $p := hugo.Data.pairing }}
{{- $counties := partialCached "counties-of.html" . .Path }}
<article class="entity">
  <header class="entity__header">
    <p class="hero__eyebrow">{{ $p.east.province }}{{ $p.east.name }} · {{ .Params.kind }}</p>
    <h1>{{ .Title }}</h1>
    <p class="lead">{{ .Store.Get "description" }}</p>
  </header>
  <figure class="diagram diagram--small">
    <div class="diagram__scroll">{{ partial "neighbourhood.html" (dict "district" . "counties" $counties "current" . "title" (printf "%s结对关系图" .Title) "description" (partialCached "district-sentence.html" . .Path)) }}</div>
  </figure>
  <section aria-labelledby="partners-title">
    <h2 id="partners-title">结对县(市)</h2>
    <ul class="cards cards--compact">
{{- range $counties }}
      <li class="card"><a class="card__link" href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="kind">{{ .Params.kind }}</span></li>
{{- end }}
    </ul>
  </section>
  {{ partial "quotes.html" . }}
</article>
{{ end }}
"##;

const HUGO_COUNTY: &str = r##"{{ define "main" }}
{{- $p := hugo.Data.pairing }}
{{- $self := . }}
{{- $district := site.GetPage (printf "/districts/%s" .Params.district) }}
{{- $partners := partialCached "counties-of.html" $district $district.Path }}
<article class="entity">
  <header class="entity__header">
    <p class="hero__eyebrow">{{ $p.west.province }}{{ $p.west.name }} · {{ .Params.kind }}</p>
    <h1>{{ .Title }}</h1>
    <p class="lead">{{ .Store.Get "description" }}</p>
  </header>
  <figure class="diagram diagram--small">
    <div class="diagram__scroll">{{ partial "neighbourhood.html" (dict "district" $district "counties" $partners "current" . "title" (printf "%s结对关系图" .Title) "description" (partialCached "district-sentence.html" $district $district.Path)) }}</div>
  </figure>
  <dl class="facts">
    <div class="facts__item"><dt>类型</dt><dd>{{ .Params.kind }}</dd></div>
    {{- with .Params.other_names }}
    <div class="facts__item"><dt>简称</dt><dd>{{ delimit . "、" }}</dd></div>
    {{- end }}
    <div class="facts__item"><dt>结对区</dt><dd><a href="{{ $district.RelPermalink }}">{{ $p.east.name }}{{ $district.Title }}</a></dd></div>
  </dl>
  {{- $siblings := slice }}
  {{- range $partners }}{{ if ne . $self }}{{ $siblings = $siblings | append . }}{{ end }}{{ end }}
  {{- with $siblings }}
  <section aria-labelledby="siblings-title">
    <h2 id="siblings-title">同与{{ $district.Title }}结对的县(市)</h2>
    <ul class="cards cards--compact">
{{- range . }}
      <li class="card"><a class="card__link" href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="kind">{{ .Params.kind }}</span></li>
{{- end }}
    </ul>
  </section>
  {{- end }}
  {{ partial "quotes.html" . }}
</article>
{{ end }}
"##;

const HUGO_ARTICLE: &str = r##"{{ define "main" }}
<article class="article">
  <header class="article__header">
    <h1>{{ .Title }}</h1>
    <p class="meta">{{ with .Params.source }}<span>{{ . }}</span> · {{ end }}<time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2006年1月2日 15:04" }}</time></p>
  </header>
  <div class="prose">
{{ partialCached "content.html" . .Path }}
  </div>
  <footer class="byline">
    <dl>
      {{- with .Params.authors }}<div><dt>文字</dt><dd>{{ delimit . " " }}</dd></div>{{ end }}
    </dl>
  </footer>
</article>
{{- $districts := .Params.mentioned_districts }}
{{- $counties := .Params.mentioned_counties }}
{{- if or $districts $counties }}
<aside class="mentioned" aria-labelledby="mentioned-title">
  <h2 id="mentioned-title">本文提及</h2>
  {{- with $districts }}
  <p><span class="muted">结对区：</span>{{ range $i, $slug := . }}{{ if $i }}、{{ end }}{{ with site.GetPage (printf "/districts/%s" $slug) }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}</p>
  {{- end }}
  {{- with $counties }}
  <p><span class="muted">结对县(市)：</span>{{ range $i, $slug := . }}{{ if $i }}、{{ end }}{{ with site.GetPage (printf "/counties/%s" $slug) }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}</p>
  {{- end }}
</aside>
{{- end }}
{{ end }}
"##;

const HUGO_404: &str = r##"{{ define "main" }}
<h1>页面不存在</h1>
<p class="lead">{{ .Store.Get "description" }}</p>
<ul class="inline-list">
{{- range site.Menus.main }}
  <li><a href="{{ .URL }}">{{ .Name }}</a></li>
{{- end }}
</ul>
{{ end }}
"##;

/// An article's lead: the text of its first paragraph.
const HUGO_LEAD: &str = r##"{{- return (trim (index (split .Plain "\n") 0) " ") }}
"##;

/// A district's counties as pages, in the data file's order.
const HUGO_COUNTIES_OF: &str = r##"{{- $pages := slice }}
{{- range .Params.counties }}{{ with site.GetPage (printf "/counties/%s" .) }}{{ $pages = $pages | append . }}{{ end }}{{ end }}
{{- return $pages }}
"##;

const HUGO_DISTRICT_SENTENCE: &str = r##"{{- $p := hugo.Data.pairing }}
{{- $names := slice }}
{{- range partialCached "counties-of.html" . .Path }}{{ $names = $names | append .Title }}{{ end }}
{{- return (printf "%s%s%s与%s%s%s结对开展东西部协作。" $p.east.province $p.east.name .Title $p.west.province $p.west.name (delimit $names "、")) }}
"##;

const HUGO_COUNTY_SENTENCE: &str = r##"{{- $p := hugo.Data.pairing }}
{{- $district := site.GetPage (printf "/districts/%s" .Params.district) }}
{{- return (printf "%s%s%s与%s%s%s结对开展东西部协作。" $p.west.province $p.west.name .Title $p.east.province $p.east.name $district.Title) }}
"##;

/// The article body with xiezuo's block ids (Goldmark has no paragraph render hook).
const HUGO_CONTENT: &str = r##"{{- /* Every paragraph and list item gets id p-1, p-2 … in document order, the anchors quotes link to. */}}
{{- $out := slice }}
{{- $n := 0 }}
{{- range $i, $part := split .Content "<p>" }}
  {{- if $i }}{{ $n = add $n 1 }}{{ $out = $out | append (printf "<p id=\"p-%d\">" $n) }}{{ end }}
  {{- range $j, $item := split $part "<li>" }}
    {{- if $j }}{{ $n = add $n 1 }}{{ $out = $out | append (printf "<li id=\"p-%d\">" $n) }}{{ end }}
    {{- $out = $out | append $item }}
  {{- end }}
{{- end }}
{{- return (delimit $out "" | safeHTML) }}
"##;

const HUGO_QUOTES: &str = r##"<section aria-labelledby="quotes-title">
  <h2 id="quotes-title">报道摘录</h2>
{{- with .Params.quotes }}
  <ul class="quotes">
{{- range . }}
  {{- $quote := . }}
  {{- with site.GetPage (printf "/articles/%s" .article) }}
    {{- $href := printf "%s#%s" .RelPermalink $quote.block }}
    <li>
      <blockquote cite="{{ $href }}"><p>{{ range $i, $run := $quote.text }}{{ if modBool $i 2 }}{{ $run }}{{ else }}<mark>{{ $run }}</mark>{{ end }}{{ end }}</p></blockquote>
      <p class="quotes__source">—— <a href="{{ $href }}">《{{ .Title }}》</a>，{{ .Date.Format "2006年1月2日" }}</p>
    </li>
  {{- end }}
{{- end }}
  </ul>
{{- else }}
  <p class="muted">暂无报道提及。</p>
{{- end }}
</section>
"##;

/// xiezuo's neighbourhood diagram on entity pages: one district box on the left, its counties on
/// the right, one path per pairing. Input: .district, .counties (its county pages), .current (the
/// page to mark), .title, .description. Text is taken as one em per character: every name here
/// is Chinese.
const HUGO_NEIGHBOURHOOD: &str = r##"{{- $p := hugo.Data.pairing }}
{{- $current := .current }}
{{- $district := .district }}
{{- $counties := .counties }}
{{- $lw := math.Min 192 (mul 16 (math.Max (strings.RuneCount $p.east.name) (strings.RuneCount $district.Title))) }}
{{- $rw := mul 16 (strings.RuneCount $p.west.name) }}
{{- range $counties }}{{ $rw = math.Max $rw (mul 16 (strings.RuneCount .Title)) }}{{ end }}
{{- $rw = math.Min $rw 192 }}
{{- $lbox := add $lw 24 }}
{{- $rbox := add $rw 24 }}
{{- $width := math.Max 480 (add (add 16 $lbox) (add 96 $rbox)) }}
{{- $rx := sub (sub $width 8) $rbox }}
{{- $x1 := add 8 $lbox }}
{{- $mid := div (add $x1 $rx) 2 }}
{{- $lcx := add 8 (div $lbox 2) }}
{{- $rcx := add $rx (div $rbox 2) }}
{{- $n := len $counties }}
{{- /* The district at the centre of its counties' rows. */}}
{{- $y := math.Max 44 (mul 44 (add 1 (div (sub $n 1) 2.0))) }}
{{- $y1 := add $y 16 }}
{{- $id := printf "pd-%s" (substr (md5 (printf "neighbourhood %s" $current.RelPermalink)) 0 12) -}}
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{ $width }} {{ add (math.Max $y (mul 44 $n)) 40 }}" preserveAspectRatio="xMidYMin meet" role="group" aria-labelledby="{{ $id }}-title {{ $id }}-desc" class="pairing-diagram pairing-diagram--neighbourhood" font-size="16">
<title id="{{ $id }}-title">{{ .title }}</title>
<desc id="{{ $id }}-desc">{{ .description }}</desc>
<g class="pd-columns" fill="#1d1f23" text-anchor="middle" dominant-baseline="central">
<text class="pd-column" x="{{ $lcx }}" y="24">{{ $p.east.name }}</text>
<text class="pd-column" x="{{ $rcx }}" y="24">{{ $p.west.name }}</text>
</g>
<g class="pd-edges" fill="none" stroke="#8a8f98">
{{- range $i, $county := $counties }}
  {{- $y2 := add (mul 44 (add $i 1)) 16 }}
<path class="pd-edge{{ if eq $county $current }} pd-edge--current{{ end }}" d="M{{ $x1 }} {{ $y1 }}C{{ $mid }} {{ $y1 }} {{ $mid }} {{ $y2 }} {{ $rx }} {{ $y2 }}"/>
{{- end }}
</g>
<g class="pd-nodes" fill="#1d1f23" text-anchor="middle" dominant-baseline="central">
{{- with $district }}{{ $here := eq . $current }}
<a class="pd-node pd-node--district{{ if $here }} pd-node--current{{ end }}"{{ if $here }} aria-current="page"{{ end }} href="{{ .RelPermalink }}"><title>{{ .Title }}（{{ .Params.kind }}）</title><rect class="pd-box" fill="#ffffff" stroke="#767676" x="8" y="{{ $y }}" width="{{ $lbox }}" height="32" rx="6"/><text class="pd-label" x="{{ $lcx }}" y="{{ $y1 }}"{{ if gt (mul 16 (strings.RuneCount .Title)) $lw }} textLength="{{ $lw }}" lengthAdjust="spacingAndGlyphs"{{ end }}>{{ .Title }}</text></a>
{{- end }}
{{- range $i, $county := $counties }}
  {{- $cy := mul 44 (add $i 1) }}
  {{- $here := eq $county $current }}
<a class="pd-node pd-node--county{{ if $here }} pd-node--current{{ end }}"{{ if $here }} aria-current="page"{{ end }} href="{{ .RelPermalink }}"><title>{{ .Title }}（{{ .Params.kind }}）</title><rect class="pd-box" fill="#ffffff" stroke="#767676" x="{{ $rx }}" y="{{ $cy }}" width="{{ $rbox }}" height="32" rx="6"/><text class="pd-label" x="{{ $rcx }}" y="{{ add $cy 16 }}"{{ if gt (mul 16 (strings.RuneCount .Title)) $rw }} textLength="{{ $rw }}" lengthAdjust="spacingAndGlyphs"{{ end }}>{{ .Title }}</text></a>
{{- end }}
</g>
</svg>
{{- /* */ -}}
"##;

/// xiezuo's diagram of the whole pairing, on the home page of small sites: districts on the left,
/// their counties on the right in rows by district, one path per pairing. Input: .districts
/// (pages), .title, .description. Text is taken as one em per character.
const HUGO_DIAGRAM: &str = r##"{{- $p := hugo.Data.pairing }}
{{- /* First pass: column widths, the last district's y and the number of rows. A district sits at
the centre of its counties, and below the district above it. */}}
{{- $lw := mul 16 (strings.RuneCount $p.east.name) }}
{{- $rw := mul 16 (strings.RuneCount $p.west.name) }}
{{- $row := 0 }}
{{- $y := 0 }}
{{- range .districts }}
  {{- $lw = math.Max $lw (mul 16 (strings.RuneCount .Title)) }}
  {{- $counties := partialCached "counties-of.html" . .Path }}
  {{- range $counties }}{{ $rw = math.Max $rw (mul 16 (strings.RuneCount .Title)) }}{{ end }}
  {{- $y = add $y 44 }}
  {{- with $counties }}{{ $y = math.Max $y (mul 44 (add 1 (add $row (div (sub (len .) 1) 2.0)))) }}{{ end }}
  {{- $row = add $row (len $counties) }}
{{- end }}
{{- $lw = math.Min $lw 192 }}
{{- $rw = math.Min $rw 192 }}
{{- $lbox := add $lw 24 }}
{{- $rbox := add $rw 24 }}
{{- $width := math.Max 480 (add (add 16 $lbox) (add 96 $rbox)) }}
{{- $rx := sub (sub $width 8) $rbox }}
{{- $x1 := add 8 $lbox }}
{{- $mid := div (add $x1 $rx) 2 }}
{{- $lcx := add 8 (div $lbox 2) }}
{{- $rcx := add $rx (div $rbox 2) }}
{{- $id := printf "pd-%s" (substr (md5 "whole") 0 12) -}}
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{ $width }} {{ add (math.Max $y (mul 44 $row)) 40 }}" preserveAspectRatio="xMidYMin meet" role="group" aria-labelledby="{{ $id }}-title {{ $id }}-desc" class="pairing-diagram" font-size="16">
<title id="{{ $id }}-title">{{ .title }}</title>
<desc id="{{ $id }}-desc">{{ .description }}</desc>
<g class="pd-columns" fill="#1d1f23" text-anchor="middle" dominant-baseline="central">
<text class="pd-column" x="{{ $lcx }}" y="24">{{ $p.east.name }}</text>
<text class="pd-column" x="{{ $rcx }}" y="24">{{ $p.west.name }}</text>
</g>
<g class="pd-edges" fill="none" stroke="#8a8f98">
{{- $row = 0 }}
{{- $y = 0 }}
{{- range .districts }}
  {{- $counties := partialCached "counties-of.html" . .Path }}
  {{- $y = add $y 44 }}
  {{- with $counties }}{{ $y = math.Max $y (mul 44 (add 1 (add $row (div (sub (len .) 1) 2.0)))) }}{{ end }}
  {{- $y1 := add $y 16 }}
  {{- range $counties }}
    {{- $row = add $row 1 }}
    {{- $y2 := add (mul 44 $row) 16 }}
<path class="pd-edge" d="M{{ $x1 }} {{ $y1 }}C{{ $mid }} {{ $y1 }} {{ $mid }} {{ $y2 }} {{ $rx }} {{ $y2 }}"/>
  {{- end }}
{{- end }}
</g>
<g class="pd-nodes" fill="#1d1f23" text-anchor="middle" dominant-baseline="central">
{{- $row = 0 }}
{{- $y = 0 }}
{{- range .districts }}
  {{- $n := len (partialCached "counties-of.html" . .Path) }}
  {{- $y = add $y 44 }}
  {{- if $n }}{{ $y = math.Max $y (mul 44 (add 1 (add $row (div (sub $n 1) 2.0)))) }}{{ end }}
  {{- $row = add $row $n }}
<a class="pd-node pd-node--district" href="{{ .RelPermalink }}"><title>{{ .Title }}（{{ .Params.kind }}）</title><rect class="pd-box" fill="#ffffff" stroke="#767676" x="8" y="{{ $y }}" width="{{ $lbox }}" height="32" rx="6"/><text class="pd-label" x="{{ $lcx }}" y="{{ add $y 16 }}"{{ if gt (mul 16 (strings.RuneCount .Title)) $lw }} textLength="{{ $lw }}" lengthAdjust="spacingAndGlyphs"{{ end }}>{{ .Title }}</text></a>
{{- end }}
{{- $row = 0 }}
{{- range .districts }}
  {{- range partialCached "counties-of.html" . .Path }}
    {{- $cy := mul 44 (add 1 $row) }}
    {{- $row = add $row 1 }}
<a class="pd-node pd-node--county" href="{{ .RelPermalink }}"><title>{{ .Title }}（{{ .Params.kind }}）</title><rect class="pd-box" fill="#ffffff" stroke="#767676" x="{{ $rx }}" y="{{ $cy }}" width="{{ $rbox }}" height="32" rx="6"/><text class="pd-label" x="{{ $rcx }}" y="{{ add $cy 16 }}"{{ if gt (mul 16 (strings.RuneCount .Title)) $rw }} textLength="{{ $rw }}" lengthAdjust="spacingAndGlyphs"{{ end }}>{{ .Title }}</text></a>
  {{- end }}
{{- end }}
</g>
</svg>
{{- /* */ -}}
"##;

/// The 20 newest articles in full, as xiezuo's atom.xml (text/template: everything is escaped
/// here by hand).
const HUGO_ATOM: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
{{- $home := site.Home.Permalink }}
{{- $title := site.Title | transform.XMLEscape }}
{{- $entries := first 20 (site.GetPage "/articles").Pages }}
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ site.Language.Locale }}" xml:base="{{ $home }}">
  <title>{{ $title }}</title>
  <id>{{ $home }}</id>
  <updated>{{ range first 1 $entries }}{{ .Date.Format "2006-01-02T15:04:05-07:00" }}{{ else }}1970-01-01T00:00:00Z{{ end }}</updated>
  <link rel="alternate" type="text/html" href="{{ $home }}"/>
  <link rel="self" type="application/atom+xml" href="{{ with .OutputFormats.Get "atom" }}{{ .Permalink }}{{ end }}"/>
  <author><name>{{ $title }}</name></author>
  <generator>Hugo</generator>
{{- range $entries }}
  <entry>
    <title>{{ .Title | transform.XMLEscape }}</title>
    <id>{{ .Permalink }}</id>
    <link rel="alternate" type="text/html" href="{{ .Permalink }}"/>
    <published>{{ .Date.Format "2006-01-02T15:04:05-07:00" }}</published>
    <updated>{{ .Date.Format "2006-01-02T15:04:05-07:00" }}</updated>
    {{- range .Params.authors }}
    <author><name>{{ . | transform.XMLEscape }}</name></author>
    {{- else }}{{ with .Params.source }}
    <author><name>{{ . | transform.XMLEscape }}</name></author>
    {{- end }}{{ end }}
    <summary>{{ partialCached "lead.html" . .Path | transform.XMLEscape }}</summary>
    <content type="html">{{ partialCached "content.html" . .Path | transform.XMLEscape }}</content>
  </entry>
{{- end }}
</feed>
"##;

/// xiezuo's search index: {"v":1,"docs":[[title, url, kind, keys, text], …]}.
const HUGO_SEARCH_INDEX: &str = r##"{{- $districts := (site.GetPage "/districts").Pages }}
{{- $counties := (site.GetPage "/counties").Pages }}
{{- $articles := (site.GetPage "/articles").Pages -}}
{"v":1,"docs":[
{{- range $i, $d := $districts }}{{ if $i }},{{ end }}{{ slice .Title .RelPermalink .Params.kind .File.ContentBaseName (partialCached "district-sentence.html" . .Path) | jsonify }}{{ end }}
{{- range $counties }},{{ slice .Title .RelPermalink .Params.kind (delimit (.Params.other_names | append .File.ContentBaseName) " ") (partialCached "county-sentence.html" . .Path) | jsonify }}{{ end }}
{{- range $articles }},{{ slice .Title .RelPermalink "报道" .File.ContentBaseName .Plain | jsonify }}{{ end -}}
]}
"##;

/// Every page but the 404 page; lastmod as xiezuo dates it: an article's own date, an entity's
/// newest quoting article (its first quote), else the newest date on the site.
const HUGO_SITEMAP: &str = r##"{{ printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" | safeHTML }}
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{{- $newest := site.Lastmod.Format "2006-01-02" }}
{{- range hugo.Data.pairing.events }}{{ $date := .end | default .date }}{{ if gt $date $newest }}{{ $newest = $date }}{{ end }}{{ end }}
{{- range site.Pages }}{{ if .Permalink }}
  {{- $lastmod := $newest }}
  {{- if eq .Section "articles" }}{{ $lastmod = .Date.Format "2006-01-02" }}
  {{- else if .Params.quotes }}{{ with site.GetPage (printf "/articles/%s" (index .Params.quotes 0).article) }}{{ $lastmod = .Date.Format "2006-01-02" }}{{ end }}{{ end }}
  <url><loc>{{ .Permalink }}</loc><lastmod>{{ $lastmod }}</lastmod></url>
{{- end }}{{ end }}
</urlset>
"##;

const HUGO_ROBOTS: &str = r##"User-agent: *
Allow: /

Sitemap: {{ "sitemap.xml" | absURL }}
"##;

/// xiezuo's own stylesheet, icon and search script, published unchanged.
const HUGO_STATIC: [(&str, &[u8]); 3] = [
    ("static/style.css", include_bytes!("../../static/style.css")),
    (
        "static/favicon.svg",
        include_bytes!("../../static/favicon.svg"),
    ),
    ("static/search.js", include_bytes!("../../static/search.js")),
];

/// What the Hugo site gets ready-made: which blocks of which articles mention each district and
/// county, and what each article mentions. Found with xiezuo's own linker (leftmost-longest over
/// every name and alias) and Markdown pass, so the blocks and their ids are the ones xiezuo quotes.
struct Mentions {
    /// Per article: the blocks (paragraphs, list items) that mention something.
    blocks: Vec<Vec<Block>>,
    /// Per district: `(article, block)` pairs, newest article first as xiezuo lists quotes.
    districts: Vec<Vec<(usize, usize)>>,
    /// Per county: the same.
    counties: Vec<Vec<(usize, usize)>>,
    /// Per article: the entities it mentions, districts then counties, in data-file order.
    mentioned: Vec<Vec<EntityId>>,
}

impl Mentions {
    fn find(site: &Site) -> Mentions {
        let districts = site
            .districts
            .iter()
            .enumerate()
            .map(|(i, d)| (d.name.as_str(), UnitId(i as u32)));
        let first_county = site.districts.len();
        let counties = site.counties.iter().enumerate().flat_map(move |(i, c)| {
            std::iter::once(c.name.as_str())
                .chain(c.aliases.iter().map(String::as_str))
                .map(move |name| (name, UnitId((first_county + i) as u32)))
        });
        let linker = Linker::from_names(districts.chain(counties));
        let blocks: Vec<Vec<Block>> = site
            .articles
            .par_iter()
            .map(|a| {
                markdown::render(&a.body, MarkdownSettings::default(), &linker, &|_| {
                    String::new()
                })
                .quotable
            })
            .collect();

        // xiezuo's article order: newest first, then by slug.
        let mut newest_first: Vec<usize> = (0..site.articles.len()).collect();
        newest_first.sort_by(|&a, &b| {
            let (a, b) = (&site.articles[a], &site.articles[b]);
            b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug))
        });
        let mut mentions = Mentions {
            blocks,
            districts: vec![Vec::new(); site.districts.len()],
            counties: vec![Vec::new(); site.counties.len()],
            mentioned: vec![Vec::new(); site.articles.len()],
        };
        for article in newest_first {
            let mut all = Vec::new();
            for (index, block) in mentions.blocks[article].iter().enumerate() {
                let mut seen: Vec<EntityId> = block.mentions.iter().map(|m| m.entity).collect();
                seen.sort();
                seen.dedup();
                for &entity in &seen {
                    let i = entity.0 as usize;
                    if i < site.districts.len() {
                        &mut mentions.districts[i]
                    } else {
                        &mut mentions.counties[i - site.districts.len()]
                    }
                    .push((article, index));
                }
                all.extend(seen);
            }
            all.sort();
            all.dedup();
            mentions.mentioned[article] = all;
        }
        mentions
    }
}

/// A quoted block as Hugo's quote list shows it: plain and marked runs in turn, plain first and
/// last, `entity`'s mentions marked and trailing space dropped (xiezuo's `quote_html`, unescaped).
fn quote_runs(block: &Block, entity: EntityId) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut written = 0;
    for mention in block.mentions.iter().filter(|m| m.entity == entity) {
        runs.push(&block.text[written..mention.start]);
        runs.push(&block.text[mention.start..mention.end]);
        written = mention.end;
    }
    runs.push(block.text[written..].trim_end());
    runs
}

/// An entity's `[[quotes]]` tables, for the end of its front matter.
fn write_quotes(
    w: &mut dyn Write,
    site: &Site,
    mentions: &Mentions,
    quotes: &[(usize, usize)],
    entity: EntityId,
) -> io::Result<()> {
    for &(article, index) in quotes {
        let block = &mentions.blocks[article][index];
        writeln!(
            w,
            "\n[[quotes]]\narticle = \"{}\"\nblock = \"{}\"\ntext = {}",
            site.articles[article].slug,
            block.id,
            quoted_list(quote_runs(block, entity))
        )?;
    }
    Ok(())
}

fn write_hugo(site: &Site, out: &Path) -> io::Result<u64> {
    prepare(out, "Hugo site written by xiezuo-gen\n")?;
    let mentions = Mentions::find(site);
    let mut files = Files { bytes: 0 };
    for dir in [
        "layouts/_partials",
        "layouts/districts",
        "layouts/counties",
        "layouts/articles",
        "static",
        "data",
        "content/districts",
        "content/counties",
        "content/articles",
    ] {
        fs::create_dir_all(out.join(dir))?;
    }
    let config = format!(
        "title = {}\n{HUGO_CONFIG}\n[params]\ndescription = {}\n",
        quoted(SITE_TITLE),
        quoted(&site_description(site))
    );
    let home = format!(
        "+++\ntitle = {}\nlinkTitle = \"首页\"\n+++\n",
        quoted(PAIRING_TITLE)
    );
    let districts = format!(
        "+++\ntitle = \"{}结对区\"\nlinkTitle = \"结对区\"\n+++\n",
        EAST.0
    );
    let counties = format!(
        "+++\ntitle = \"{}结对县(市)\"\nlinkTitle = \"结对县(市)\"\n+++\n",
        WEST.0
    );
    for (path, text) in [
        ("hugo.toml", config.as_str()),
        ("layouts/baseof.html", HUGO_BASEOF),
        ("layouts/home.html", HUGO_HOME),
        ("layouts/home.atom.xml", HUGO_ATOM),
        ("layouts/home.searchindex.json", HUGO_SEARCH_INDEX),
        ("layouts/districts/section.html", HUGO_DISTRICTS),
        ("layouts/counties/section.html", HUGO_COUNTIES),
        ("layouts/districts/page.html", HUGO_DISTRICT),
        ("layouts/counties/page.html", HUGO_COUNTY),
        ("layouts/articles/page.html", HUGO_ARTICLE),
        ("layouts/404.html", HUGO_404),
        ("layouts/sitemap.xml", HUGO_SITEMAP),
        ("layouts/robots.txt", HUGO_ROBOTS),
        ("layouts/_partials/lead.html", HUGO_LEAD),
        ("layouts/_partials/counties-of.html", HUGO_COUNTIES_OF),
        (
            "layouts/_partials/district-sentence.html",
            HUGO_DISTRICT_SENTENCE,
        ),
        (
            "layouts/_partials/county-sentence.html",
            HUGO_COUNTY_SENTENCE,
        ),
        ("layouts/_partials/content.html", HUGO_CONTENT),
        ("layouts/_partials/quotes.html", HUGO_QUOTES),
        ("layouts/_partials/neighbourhood.html", HUGO_NEIGHBOURHOOD),
        ("layouts/_partials/diagram.html", HUGO_DIAGRAM),
        ("content/_index.md", home.as_str()),
        ("content/districts/_index.md", districts.as_str()),
        ("content/counties/_index.md", counties.as_str()),
        // xiezuo has no article list page, so Hugo must not render one either.
        (
            "content/articles/_index.md",
            "+++\ntitle = \"报道\"\n[build]\nrender = \"never\"\n+++\n",
        ),
    ] {
        files.write(&out.join(path), |w| w.write_all(text.as_bytes()))?;
    }
    for (path, bytes) in HUGO_STATIC {
        files.write(&out.join(path), |w| w.write_all(bytes))?;
    }
    files.write(&out.join("data/pairing.toml"), |w| {
        write_pairing_summary(w, site)?;
        // Hugo's data files keep dates as text.
        write_events(w, site, "\"")
    })?;
    for (i, d) in site.districts.iter().enumerate() {
        let path = out.join(format!("content/districts/{}.md", d.slug));
        files.write(&path, |w| {
            let counties = d.counties.iter().map(|&c| site.counties[c].slug.as_str());
            writeln!(
                w,
                "+++\ntitle = {}\nweight = {}\nkind = \"{}\"\ncounties = {}",
                quoted(&d.name),
                i + 1,
                d.kind,
                quoted_list(counties)
            )?;
            let entity = UnitId(i as u32);
            write_quotes(w, site, &mentions, &mentions.districts[i], entity)?;
            writeln!(w, "+++")
        })?;
    }
    for (i, c) in site.counties.iter().enumerate() {
        let path = out.join(format!("content/counties/{}.md", c.slug));
        files.write(&path, |w| {
            writeln!(
                w,
                "+++\ntitle = {}\nweight = {}\nkind = \"{}\"\nother_names = {}\ndistrict = \"{}\"",
                quoted(&c.name),
                i + 1,
                c.kind,
                quoted_list(c.aliases.iter().map(String::as_str)),
                site.districts[c.district].slug
            )?;
            let entity = UnitId((site.districts.len() + i) as u32);
            write_quotes(w, site, &mentions, &mentions.counties[i], entity)?;
            writeln!(w, "+++")
        })?;
    }
    for (i, a) in site.articles.iter().enumerate() {
        files.write(&out.join(format!("content/articles/{}.md", a.slug)), |w| {
            let (mut districts, mut counties) = (Vec::new(), Vec::new());
            for entity in &mentions.mentioned[i] {
                let i = entity.0 as usize;
                if i < site.districts.len() {
                    districts.push(site.districts[i].slug.as_str());
                } else {
                    counties.push(site.counties[i - site.districts.len()].slug.as_str());
                }
            }
            writeln!(
                w,
                "+++\ntitle = {}\ndate = {}\nsource = {}\nauthors = {}\nmentioned_districts = {}\nmentioned_counties = {}\n+++",
                quoted(&a.title),
                a.date,
                quoted(a.source),
                quoted_list(a.authors.iter().map(String::as_str)),
                quoted_list(districts),
                quoted_list(counties)
            )?;
            writeln!(w)?;
            w.write_all(a.body.as_bytes())
        })?;
    }
    Ok(files.bytes)
}

#[cfg(any())] // WIP: the generator is being rewritten on its own branch
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn syllable_tables_share_no_character_with_each_other_or_the_suffixes() {
        let suffixes: String = [DISTRICT_SUFFIX, CONTAINING_SUFFIX, "县市自治"]
            .into_iter()
            .chain(ZONE_SUFFIXES)
            .chain(PEOPLES)
            .collect();
        let mut seen = HashSet::new();
        for c in [FIRST, MIDDLE, LAST, suffixes.as_str()].concat().chars() {
            let in_suffix = suffixes.contains(c);
            assert!(seen.insert(c) || in_suffix, "{c} is used twice");
        }
        assert!(stem_capacity() > 120_000, "room for the 100k scale");
    }

    #[test]
    fn names_are_unique_and_contain_each_other_only_on_purpose() {
        let site = Site::generate(preset("1k"), 7);
        let names: Vec<&str> = site
            .districts
            .iter()
            .map(|d| d.name.as_str())
            .chain(site.counties.iter().flat_map(|c| {
                std::iter::once(c.name.as_str()).chain(c.aliases.iter().map(String::as_str))
            }))
            .collect();
        let unique: HashSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len());
        let mut containing = 0;
        for outer in &names {
            for inner in &names {
                if outer != inner && outer.contains(inner) {
                    assert!(
                        outer.ends_with(CONTAINING_SUFFIX),
                        "{outer} contains {inner}"
                    );
                    containing += 1;
                }
            }
        }
        assert!(
            containing > 0,
            "the deliberate containment case is exercised"
        );
    }

    /// 东安区 inside 东安区经济开发区, and 赤水市 with its alias 赤水县.
    fn overlapping_names() -> Site {
        let district = |slug: &str, name: &str, county| District {
            slug: slug.into(),
            name: name.into(),
            kind: "区",
            counties: vec![county],
        };
        let county = |slug: &str, name: &str, aliases: &[&str], district| County {
            slug: slug.into(),
            name: name.into(),
            kind: "县",
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            district,
        };
        let article = |slug: &str, date: &str, body: &str| Article {
            slug: slug.into(),
            title: "标题".into(),
            date: date.into(),
            source: "新华网",
            authors: Vec::new(),
            body: body.into(),
        };
        Site {
            districts: vec![
                district("d-0001", "东安区", 0),
                district("d-0002", "东安区经济开发区", 1),
            ],
            counties: vec![
                county("c-0001", "赤水市", &["赤水县"], 0),
                county("c-0002", "桐梓县", &[], 1),
            ],
            events: Vec::new(),
            articles: vec![
                article(
                    "a-00001",
                    "2022-01-01T09:00:00+08:00",
                    "东安区经济开发区与赤水县签约。\n东安区与赤水市会谈。\n\n无关段落。\n\n- 桐梓县\n",
                ),
                article("a-00002", "2024-05-01T09:00:00+08:00", "东安区发布消息。\n"),
            ],
        }
    }

    #[test]
    fn hugo_quotes_mark_the_longest_names_and_aliases_like_xiezuo() {
        let site = overlapping_names();
        let mentions = Mentions::find(&site);
        let runs = |quotes: &[(usize, usize)], entity| -> Vec<Vec<String>> {
            quotes
                .iter()
                .map(|&(a, b)| {
                    let block = &mentions.blocks[a][b];
                    quote_runs(block, entity)
                        .into_iter()
                        .map(str::to_string)
                        .collect()
                })
                .collect()
        };
        // The newest article first; 东安区 is not found inside 东安区经济开发区.
        assert_eq!(mentions.districts[0], vec![(1, 0), (0, 0)]);
        assert_eq!(
            runs(&mentions.districts[0], EntityId::District(DistrictId(0)))[1],
            ["东安区经济开发区与赤水县签约。", "东安区", "与赤水市会谈。"]
        );
        assert_eq!(
            runs(&mentions.districts[1], EntityId::District(DistrictId(1))),
            [["", "东安区经济开发区", "与赤水县签约。东安区与赤水市会谈。"]]
        );
        assert_eq!(
            runs(&mentions.counties[0], EntityId::County(CountyId(0))),
            [[
                "东安区经济开发区与",
                "赤水县",
                "签约。东安区与",
                "赤水市",
                "会谈。"
            ]]
        );
        // Blocks are numbered as xiezuo numbers them: the list item is the third block.
        let (a, b) = mentions.counties[1][0];
        assert_eq!(mentions.blocks[a][b].id, "p-3");
        assert_eq!(
            mentions.mentioned[0],
            [
                EntityId::District(DistrictId(0)),
                EntityId::District(DistrictId(1)),
                EntityId::County(CountyId(0)),
                EntityId::County(CountyId(1)),
            ]
        );
    }

    #[test]
    fn hugo_quotes_rejoin_to_the_paragraph_and_mark_only_their_entity() {
        let site = Site::generate(preset("small"), 5);
        let mentions = Mentions::find(&site);
        let names = |entity| -> Vec<&str> {
            match entity {
                EntityId::District(DistrictId(i)) => vec![site.districts[i].name.as_str()],
                EntityId::County(CountyId(i)) => std::iter::once(site.counties[i].name.as_str())
                    .chain(site.counties[i].aliases.iter().map(String::as_str))
                    .collect(),
            }
        };
        let entities = (0..site.districts.len())
            .map(|i| (EntityId::District(DistrictId(i)), &mentions.districts[i]))
            .chain(
                (0..site.counties.len())
                    .map(|i| (EntityId::County(CountyId(i)), &mentions.counties[i])),
            );
        let mut quoted = 0;
        for (entity, quotes) in entities {
            for &(a, b) in quotes {
                let block = &mentions.blocks[a][b];
                let runs = quote_runs(block, entity);
                assert_eq!(runs.len() % 2, 1);
                assert_eq!(runs.concat(), block.text.trim_end());
                for marked in runs.iter().skip(1).step_by(2) {
                    assert!(names(entity).contains(marked), "{marked}");
                }
                quoted += 1;
            }
        }
        assert!(quoted > 0);
    }

    #[test]
    fn the_same_seed_gives_byte_identical_hugo_sites() {
        let site = Site::generate(preset("small"), 9);
        let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
        for dir in &dirs {
            write_hugo(&site, &dir.path().join("hugo")).unwrap();
        }
        let files = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
            let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(root)
                .into_iter()
                .map(Result::unwrap)
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    let path = e.path().strip_prefix(root).unwrap().to_path_buf();
                    (path, fs::read(e.path()).unwrap())
                })
                .collect();
            files.sort();
            files
        };
        let first = files(&dirs[0].path().join("hugo"));
        assert!(first.len() > 20);
        assert!(first
            .iter()
            .any(|(_, bytes)| bytes.windows(10).any(|w| w == b"[[quotes]]")));
        assert_eq!(first, files(&dirs[1].path().join("hugo")));
    }

    #[test]
    fn the_same_seed_gives_the_same_site() {
        let text = |seed| {
            let site = Site::generate(preset("1k"), seed);
            site.articles
                .iter()
                .map(|a| a.body.clone())
                .collect::<String>()
        };
        assert_eq!(text(3), text(3));
        assert_ne!(text(3), text(4));
    }
}
