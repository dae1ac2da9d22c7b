//! The reports as they are handed over: the HTML page printed to PDF by
//! headless Chromium (an A4 document with a CJK font embedded, each section
//! from a new page, page numbers), and the Word document of `--docx` opened
//! by LibreOffice with the same figures as the Markdown.
//!
//! Needs the Debian packages `chromium`, `fonts-noto-cjk`, `poppler-utils`
//! (pdffonts, pdftotext, pdfinfo) and `libreoffice-writer-nogui` (.ci/run
//! installs them); a missing one fails the test with its name.

mod support;

use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use support::*;

const NOW: &str = "2027-01-02T08:00:00Z";

/// Next-step plan items in Chinese: certainly in the page, whatever the
/// language of the report's own words.
const PLAN: [&str; 2] = ["更换核心交换机电源模块", "季度备份恢复演练"];

/// The headings of the zh-CN weekly report, found in the text of its PDF.
fn assert_zh_headings_in(text: &str) {
    for heading in ["系统周报", "发现问题", "解决问题", "下一步计划", "签字确认"]
    {
        assert!(
            text.contains(heading),
            "the zh-CN heading {heading} is not in the PDF:\n{text}"
        );
    }
}

fn ops(env: &Env, args: &[&str]) -> Output {
    env.ops()
        .env("OPS_RECORDS", &env.records)
        .env("OPS_NOW", NOW)
        .env("TZ", "UTC")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// A host inspection at 06:00 of `day` with CPU, memory and disk figures.
fn inspection(root: &Path, target: &str, day: &str, status: &str, cpu: f64, used: u64) {
    let (y, m, d) = (&day[0..4], &day[5..7], &day[8..10]);
    let run = format!("{y}{m}{d}T060000.000Z-0001");
    let rec = json!({
        "schema": 1, "kind": "host", "run": run, "target": target, "address": "local",
        "started": format!("{day}T06:00:00Z"), "duration_ms": 120, "status": status,
        "findings": [{"check": "fs.usage", "subject": "/", "status": status, "message": "disk"}],
        "metrics": {
            "cpu_busy_pct": cpu, "mem_used_pct": 50.0,
            "filesystems": [{"mount": "/", "fstype": "ext4", "size_bytes": 1_000_000u64,
                             "used_bytes": used, "avail_bytes": 1_000_000 - used}],
        },
    });
    put(
        root,
        &format!("inspect/host/{target}/{y}/{m}/{run}.json"),
        &serde_json::to_string_pretty(&rec).unwrap(),
    );
}

fn verify(root: &Path, day: &str, status: &str) {
    let run = format!("{}T020000Z-0001", day.replace('-', ""));
    let rec = json!({
        "schema": 1, "run": run, "set": "pg-main", "pattern": "/backup/pg/*.dump", "host": "db01",
        "started": format!("{day}T02:00:00Z"), "finished": format!("{day}T02:01:00Z"),
        "status": status, "backups": 7, "verified": [], "bytes_read": 0,
        "findings": [{"check": "backup.fresh", "status": status, "message": format!("fresh: {status}")}],
    });
    put(
        root,
        &format!(
            "backup/verify/pg-main/{}/{}/{run}.json",
            &day[..4],
            &day[5..7]
        ),
        &serde_json::to_string_pretty(&rec).unwrap(),
    );
}

/// A ticket received at `received`, answered 10 minutes later and closed at
/// `closed` with `cause`.
fn ticket(root: &Path, id: &str, severity: &str, received: &str, closed: &str, cause: &str) {
    let month = format!("{}-{}", &id[2..6], &id[6..8]);
    let responded = received.replace(":00:00Z", ":10:00Z");
    let text = format!(
        "schema = 1\nid = \"{id}\"\ncustomer = \"华东电网\"\ncontact = \"张伟\"\nchannel = \"hotline\"\n\
severity = \"{severity}\"\ncategory = \"defect-technical\"\nproblem = \"问题 {id}\"\nreceived = {received}\n\
targets = [\"web01\"]\nengineer = \"Li Na\"\n\n[[event]]\nkind = \"created\"\nat = {received}\nby = \"lina\"\n\
\n[[event]]\nkind = \"responded\"\nat = {responded}\nby = \"lina\"\n\
\n[[event]]\nkind = \"closed\"\nat = {closed}\nby = \"lina\"\nresolution = \"fixed\"\ncause = \"{cause}\"\nconfirmed_by = \"张伟\"\n"
    );
    put(root, &format!("tickets/{month}/{id}.toml"), &text);
}

/// Records of week 2026-W47 (16–22 November) and of the rest of 2026-Q4:
/// web01's CPU 10, 20, … 70 % (mean 40 %), its disk from 40 % to 46 %;
/// pg-main failed on the 19th; ten tickets closed in the quarter, their
/// causes 5 hardware, 3 software, 1 network and 1 configuration.
fn fleet() -> Env {
    let env = Env::new();
    env.init_records();
    let r = env.records.as_path();
    for (i, day) in (16..=22).enumerate() {
        inspection(
            r,
            "web01",
            &format!("2026-11-{day}"),
            "ok",
            10.0 * (i + 1) as f64,
            400_000 + 10_000 * i as u64,
        );
    }
    for day in 16..=22 {
        verify(
            r,
            &format!("2026-11-{day}"),
            if day == 19 { "crit" } else { "ok" },
        );
    }
    let causes = [
        "hardware",
        "software",
        "hardware",
        "network",
        "software",
        "hardware",
        "configuration",
        "hardware",
        "software",
        "hardware",
    ];
    for (i, cause) in causes.iter().enumerate() {
        let day = 10 + i;
        let id = format!("T-202611{day:02}-0001");
        ticket(
            r,
            &id,
            "III",
            &format!("2026-11-{day:02}T08:00:00Z"),
            &format!("2026-11-{day:02}T12:00:00Z"),
            cause,
        );
    }
    git(r, &["add", "-A"]);
    git(r, &["commit", "-qm", "records"]);
    env
}

/// A program the test needs, or a failure naming its Debian package.
fn tool(name: &str, package: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{name}` is not installed: install the Debian package `{package}` (.ci/run does)"
            )
        })
}

/// `cmd` under `timeout`, which must succeed.
fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd.stdin(Stdio::null()).output().unwrap();
    assert!(
        out.status.success(),
        "{what} failed ({}):\nstdout:\n{}\nstderr:\n{}",
        out.status,
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

fn timeout(secs: u32, program: &Path) -> Command {
    let mut cmd = Command::new("timeout");
    cmd.arg(secs.to_string()).arg(program);
    cmd
}

/// The page printed to `pdf` by headless Chromium (its own header and
/// footer off: the page numbers are the page's).
fn print_to_pdf(env: &Env, page: &Path, pdf: &Path) {
    let chromium = tool("chromium", "chromium");
    let profile = env.dir.path().join("chromium-profile");
    run(
        timeout(120, &chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", page.display())),
        "chromium --print-to-pdf",
    );
    assert!(pdf.is_file(), "chromium wrote no {}", pdf.display());
}

/// The .docx converted to PDF by LibreOffice, in `out_dir`.
fn docx_to_pdf(env: &Env, docx: &Path, out_dir: &Path) -> PathBuf {
    let office = tool("libreoffice", "libreoffice-writer-nogui");
    let profile = env.dir.path().join("lo-profile");
    run(
        timeout(240, &office)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(out_dir)
            .arg(docx)
            .env("HOME", &env.home),
        "libreoffice --convert-to pdf",
    );
    let pdf = out_dir.join(docx.with_extension("pdf").file_name().unwrap());
    assert!(pdf.is_file(), "libreoffice wrote no {}", pdf.display());
    pdf
}

/// A copy of `pdf` in $OPS_REPORT_PDFS, when set, to look at.
fn keep(pdf: &Path, name: &str) {
    if let Some(dir) = std::env::var_os("OPS_REPORT_PDFS") {
        std::fs::copy(pdf, Path::new(&dir).join(name)).unwrap();
    }
}

fn pdftotext(pdf: &Path) -> String {
    run(
        Command::new(tool("pdftotext", "poppler-utils"))
            .arg(pdf)
            .arg("-"),
        "pdftotext",
    )
}

fn pdffonts(pdf: &Path) -> String {
    run(
        Command::new(tool("pdffonts", "poppler-utils")).arg(pdf),
        "pdffonts",
    )
}

/// (pages, page size line) of `pdf`.
fn pdfinfo(pdf: &Path) -> (usize, String) {
    let info = run(
        Command::new(tool("pdfinfo", "poppler-utils")).arg(pdf),
        "pdfinfo",
    );
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in pdfinfo:\n{info}"))
            .trim()
            .to_string()
    };
    (field("Pages:").parse().unwrap(), field("Page size:"))
}

/// The Noto CJK fonts embedded in `pdf`, as pdffonts lists them or, for
/// Type 3 fonts, as their font descriptors name them.
///
/// Chromium (Skia) cannot embed a CFF-flavoured OpenType font, which every
/// font of fonts-noto-cjk is, as a font program: it embeds each as a Type 3
/// font (glyph outlines, with a ToUnicode map so the text can be searched and
/// copied), which pdffonts lists as `[none] Type 3 … emb yes … uni yes`, and
/// whose /FontDescriptor keeps the font's name. LibreOffice embeds them as
/// CID fonts, named in pdffonts' list.
fn cjk_fonts(pdf: &Path) -> Vec<String> {
    let list = pdffonts(pdf);
    let rows: Vec<Vec<&str>> = list
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    // … emb sub uni object ID: emb and uni are the 5th and 3rd fields from the end.
    let embedded =
        |r: &Vec<&str>| r.len() > 5 && r[r.len() - 5] == "yes" && r[r.len() - 3] == "yes";
    let is_cjk = |name: &str| name.contains("NotoSansCJK") || name.contains("NotoSerifCJK");
    let mut found: Vec<String> = rows
        .iter()
        .filter(|r| embedded(r) && is_cjk(r[0]))
        .map(|r| r[0].to_string())
        .collect();
    if rows
        .iter()
        .any(|r| embedded(r) && r.contains(&"Type") && r.contains(&"3"))
    {
        let bytes = std::fs::read(pdf).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for part in text.split("/FontName /").skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
                .collect();
            if is_cjk(&name) {
                found.push(name);
            }
        }
    }
    assert!(
        !found.is_empty(),
        "no Noto CJK font embedded in {} (Debian package fonts-noto-cjk):\n{list}",
        pdf.display()
    );
    found
}

fn plan_file(env: &Env) -> PathBuf {
    env.write("plan.txt", &PLAN.map(|p| format!("- {p}\n")).concat())
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn the_weekly_page_prints_to_a4_with_a_cjk_font_chinese_text_and_page_numbers() {
    let env = fleet();
    let plan = plan_file(&env);
    let out = ops(
        &env,
        &[
            "report",
            "weekly",
            "--week",
            "2026-W47",
            "--lang",
            "zh-CN",
            "--plan",
            plan.to_str().unwrap(),
        ],
    );
    assert_success(&out);
    let page = env.records.join("reports/weekly/2026-W47.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<html lang=\"zh-CN\">"), "{html}");
    // The failed backup day is red, the other figures of the set green.
    assert!(html.contains("<td class=\"st-crit\">1</td>"), "{html}");
    assert!(html.contains("<td class=\"st-ok\">0</td>"), "{html}");
    let pdf = env.dir.path().join("weekly.pdf");
    print_to_pdf(&env, &page, &pdf);
    keep(&pdf, "weekly-html.pdf");
    let fonts = cjk_fonts(&pdf);
    assert!(
        fonts.iter().any(|f| f.contains("NotoSansCJKsc")),
        "the page's first font, Noto Sans CJK SC, is not used: {fonts:?}"
    );
    let (pages, size) = pdfinfo(&pdf);
    assert!(size.contains("(A4)"), "page size {size}");
    let text = pdftotext(&pdf);
    for item in PLAN {
        assert!(text.contains(item), "{item} is not in the PDF:\n{text}");
    }
    assert_zh_headings_in(&text);
    // The page's own numbers, on every page.
    assert!(pages > 1, "{pages} page(s): no page breaks");
    for n in 1..=pages {
        assert!(
            text.contains(&format!("{n} / {pages}")),
            "no page number {n} / {pages}:\n{text}"
        );
    }
    // The figures the director reads: web01's mean CPU, its disk at the end.
    assert!(text.contains("40.0 %"), "{text}");
    assert!(text.contains("46.0 %"), "{text}");
}

#[test]
fn the_quarterly_page_breaks_between_sections_and_draws_the_pareto_chart() {
    let env = fleet();
    let out = ops(&env, &["report", "quarterly", "--quarter", "2026-Q4"]);
    assert_success(&out);
    let page = env.records.join("reports/quarterly/2026-Q4.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let sections = html.matches("<section>").count();
    assert!(sections > 5, "{sections} sections");
    let pdf = env.dir.path().join("quarterly.pdf");
    print_to_pdf(&env, &page, &pdf);
    keep(&pdf, "quarterly-html.pdf");
    let (pages, _) = pdfinfo(&pdf);
    // Every section after the first starts a page.
    assert!(pages >= sections, "{pages} pages for {sections} sections");
    let text = pdftotext(&pdf);
    assert!(text.contains(&format!("1 / {pages}")), "{text}");
    assert!(text.contains(&format!("{pages} / {pages}")), "{text}");
    // The Pareto chart as drawn: 5 hardware (50 %), 3 software (80 %): the
    // cut after two causes; the bars' values and the cumulative shares.
    let chart = &html[html
        .find("<svg class=\"chart\" id=\"chart-pareto\"")
        .unwrap()..];
    let chart = &chart[..chart.find("</svg>").unwrap()];
    assert_eq!(chart.matches("class=\"bar vital\"").count(), 2, "{chart}");
    assert!(chart.contains(">vital few (2)</text>"), "{chart}");
    let pareto = &text[text.find("Pareto").unwrap()..];
    for word in ["hardware", "software", "50 %", "80 %", "90 %", "100 %"] {
        assert!(
            pareto.contains(word),
            "{word} is not in the Pareto page:\n{pareto}"
        );
    }
}

/// The figures of the Markdown report: its headings, and its table cells
/// that hold a number and are short enough to stay on one line.
fn figures(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in md.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            out.push(h.to_string());
        } else if line.starts_with("| ") {
            for c in line.trim_matches('|').split(" | ") {
                let c = c.trim();
                if c.chars().any(|ch| ch.is_ascii_digit()) && c.chars().count() <= 14 {
                    out.push(c.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn docx_reports_are_committed_and_open_in_libreoffice_with_the_markdown_figures() {
    let env = fleet();
    let plan = plan_file(&env);
    for (kind, flag, period) in [
        ("weekly", "--week", "2026-W47"),
        ("quarterly", "--quarter", "2026-Q4"),
    ] {
        let out = ops(
            &env,
            &[
                "report",
                kind,
                flag,
                period,
                "--docx",
                "--plan",
                plan.to_str().unwrap(),
            ],
        );
        assert_success(&out);
        let rel = format!("reports/{kind}/{period}.docx");
        assert!(
            stderr(&out).contains(&format!(
                "wrote reports/{kind}/{period}.md, reports/{kind}/{period}.html and {rel}"
            )),
            "{}",
            stderr(&out)
        );
        // Committed with the Markdown and the HTML, in one commit.
        let files = git(&env.records, &["show", "--name-only", "--format=", "HEAD"]);
        let mut files: Vec<&str> = files.lines().collect();
        files.sort();
        assert_eq!(
            files,
            [
                rel.as_str(),
                &format!("reports/{kind}/{period}.html"),
                &format!("reports/{kind}/{period}.md")
            ]
        );
        // The same report again is the same file: no new commit.
        let commits = commit_count(&env.records);
        let again = ops(
            &env,
            &[
                "report",
                kind,
                flag,
                period,
                "--docx",
                "--plan",
                plan.to_str().unwrap(),
            ],
        );
        assert!(stderr(&again).contains("unchanged"), "{}", stderr(&again));
        assert_eq!(commit_count(&env.records), commits);
        let docx = env.records.join(&rel);
        let out_dir = env.dir.path().join(format!("lo-{kind}"));
        std::fs::create_dir_all(&out_dir).unwrap();
        let pdf = docx_to_pdf(&env, &docx, &out_dir);
        keep(&pdf, &format!("{kind}-docx.pdf"));
        keep(&docx, &format!("{kind}.docx"));
        let text = squeeze(&pdftotext(&pdf));
        let md = std::fs::read_to_string(env.records.join(format!("reports/{kind}/{period}.md")))
            .unwrap();
        let want = figures(&md);
        assert!(want.len() > 10, "{want:?}");
        let missing: Vec<&String> = want
            .iter()
            .filter(|f| !text.contains(&squeeze(f)))
            .collect();
        assert!(
            missing.is_empty(),
            "{kind}: in the Markdown, not in the Word document: {missing:?}\n{text}"
        );
        for item in PLAN {
            assert!(text.contains(item), "{item} is not in the {kind} .docx");
        }
        cjk_fonts(&pdf);
        let (pages, _) = pdfinfo(&pdf);
        assert!(
            text.contains(&format!("1/{pages}")),
            "no page numbers: {text}"
        );
    }
    // Without --docx no Word file is written (nor one removed).
    let out = ops(&env, &["report", "daily", "--date", "2026-11-20"]);
    assert_success(&out);
    assert!(!env.records.join("reports/daily/2026-11-20.docx").exists());
}
