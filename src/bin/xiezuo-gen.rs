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
//! Hugo site (same page set, same article Markdown) for comparison.
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

/// A TOML basic string. Generated text has no quotes or backslashes, but stay correct anyway.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn quoted_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(quoted).collect();
    format!("[{}]", items.join(", "))
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
        writeln!(w, "title = \"东滨 · 西岭 东西部协作（合成数据）\"")?;
        writeln!(
            w,
            "description = \"合成的东西部协作结对站点：{}个区(功能区)、{}个县(市)、{}篇报道。\"",
            site.districts.len(),
            site.counties.len(),
            site.articles.len()
        )?;
        writeln!(
            w,
            "base_url = \"https://example.org/\"\nlanguage = \"zh-CN\""
        )
    })?;

    files.write(&out.join("content/pairings.toml"), |w| {
        writeln!(w, "# Synthetic pairing data written by xiezuo-gen (seed {seed}).")?;
        writeln!(w, "title = \"东滨市对口协作西岭市东西部协作结对\"")?;
        writeln!(
            w,
            "summary = \"东滨市{}个区(功能区)与西岭市{}个县(市)建立结对关系。\"",
            site.districts.len(),
            site.counties.len()
        )?;
        writeln!(w, "principles = {}", quoted_list(PRINCIPLES))?;
        writeln!(w, "areas = {}", quoted_list(AREAS[..4].iter().copied()))?;
        writeln!(w, "\n[east]\nname = \"东滨市\"\nprovince = \"广东省\"")?;
        writeln!(w, "\n[west]\nname = \"西岭市\"\nprovince = \"贵州省\"")?;
        writeln!(
            w,
            "\n[previous]\nrelation = \"对口帮扶\"\nprovince = \"云南省\"\nname = \"怒江州\"\ncounties = 4"
        )?;
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
        for e in &site.events {
            writeln!(w, "\n[[events]]\ndate = {}", e.date)?;
            if let Some(end) = &e.end {
                writeln!(w, "end = {end}")?;
            }
            writeln!(w, "text = {}", quoted(&e.text))?;
        }
        Ok(())
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
// The equivalent Hugo site: one content file per district, county and article, and minimal
// layouts for the same page set (home, two lists, the entity and article pages, 404). It does
// less than xiezuo (no mention linking, no quotes), so it is a floor to compare against.

const HUGO_CONFIG: &str = r##"baseURL = "https://example.org/"
title = "东滨 · 西岭 东西部协作（合成数据）"
languageCode = "zh-CN"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotsTXT"]

[markup.goldmark.extensions.cjk]
enable = true
eastAsianLineBreaks = true
"##;

const HUGO_BASEOF: &str = r##"<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 120 }}">
<link rel="canonical" href="{{ .Permalink }}"></head>
<body><a href="#main">跳到正文</a>
<header><a href="/">{{ site.Title }}</a></header>
<nav><a href="/districts/">区</a> <a href="/counties/">县</a></nav>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body></html>
"##;

const HUGO_HOME: &str = r##"{{ define "main" }}<h1>{{ .Title }}</h1>
<table><tbody>
{{- range (site.GetPage "/districts").Pages }}
<tr><th><a href="{{ .RelPermalink }}">{{ .Title }}</a></th><td>
{{- range .Params.counties }}{{ with site.GetPage (printf "/counties/%s" .) }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}{{ end -}}
</td></tr>
{{- end }}
</tbody></table>
<ul>
{{- range (site.GetPage "/articles").Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.source }} {{ .Date.Format "2006-01-02" }}<p>{{ .Summary }}</p></li>
{{- end }}
</ul>{{ end }}
"##;

const HUGO_SECTION: &str = r##"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.kind }}</li>{{ end }}</ul>{{ end }}
"##;

const HUGO_SINGLE: &str = r##"{{ define "main" }}<h1>{{ .Title }}</h1>
{{- if eq .Section "districts" }}
<ul>{{ range .Params.counties }}{{ with site.GetPage (printf "/counties/%s" .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.kind }}</li>{{ end }}{{ end }}</ul>
{{- else if eq .Section "counties" }}
<p>{{ .Params.kind }} {{ delimit .Params.other_names "、" }}</p>
{{ with site.GetPage (printf "/districts/%s" .Params.district) }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
{{- else }}
<p>{{ .Params.source }} · {{ .Date.Format "2006-01-02" }} · {{ delimit .Params.authors "、" }}</p>
{{ .Content }}
{{- end }}{{ end }}
"##;

const HUGO_404: &str = r##"{{ define "main" }}<h1>页面不存在</h1><p><a href="/">回到首页</a></p>{{ end }}
"##;

fn write_hugo(site: &Site, out: &Path) -> io::Result<u64> {
    prepare(out, "Hugo site written by xiezuo-gen\n")?;
    let mut files = Files { bytes: 0 };
    for dir in [
        "layouts",
        "content/districts",
        "content/counties",
        "content/articles",
    ] {
        fs::create_dir_all(out.join(dir))?;
    }
    for (path, text) in [
        ("hugo.toml", HUGO_CONFIG),
        ("layouts/baseof.html", HUGO_BASEOF),
        ("layouts/home.html", HUGO_HOME),
        ("layouts/section.html", HUGO_SECTION),
        ("layouts/single.html", HUGO_SINGLE),
        ("layouts/404.html", HUGO_404),
        (
            "content/_index.md",
            "+++\ntitle = \"东滨市对口协作西岭市东西部协作结对\"\n+++\n",
        ),
        (
            "content/districts/_index.md",
            "+++\ntitle = \"结对区\"\n+++\n",
        ),
        (
            "content/counties/_index.md",
            "+++\ntitle = \"结对县\"\n+++\n",
        ),
        // xiezuo has no article list page, so Hugo must not render one either.
        (
            "content/articles/_index.md",
            "+++\ntitle = \"报道\"\n[build]\nrender = \"never\"\n+++\n",
        ),
    ] {
        files.write(&out.join(path), |w| w.write_all(text.as_bytes()))?;
    }
    for (i, d) in site.districts.iter().enumerate() {
        let path = out.join(format!("content/districts/{}.md", d.slug));
        files.write(&path, |w| {
            let counties = d.counties.iter().map(|&c| site.counties[c].slug.as_str());
            writeln!(
                w,
                "+++\ntitle = {}\nweight = {}\nkind = \"{}\"\ncounties = {}\n+++",
                quoted(&d.name),
                i + 1,
                d.kind,
                quoted_list(counties)
            )
        })?;
    }
    for (i, c) in site.counties.iter().enumerate() {
        let path = out.join(format!("content/counties/{}.md", c.slug));
        files.write(&path, |w| {
            writeln!(
                w,
                "+++\ntitle = {}\nweight = {}\nkind = \"{}\"\nother_names = {}\ndistrict = \"{}\"\n+++",
                quoted(&c.name),
                i + 1,
                c.kind,
                quoted_list(c.aliases.iter().map(String::as_str)),
                site.districts[c.district].slug
            )
        })?;
    }
    for a in &site.articles {
        files.write(&out.join(format!("content/articles/{}.md", a.slug)), |w| {
            write_front_matter(w, a)?;
            writeln!(w)?;
            w.write_all(a.body.as_bytes())
        })?;
    }
    Ok(files.bytes)
}

#[cfg(test)]
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
