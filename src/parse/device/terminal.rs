//! What a terminal would show of one captured line.
//!
//! Devices erase their pager prompts and redraw lines with carriage returns,
//! backspaces and ANSI cursor moves; [`render_line`] applies them so that
//! cleaning ([`super::clean`]) and prompt detection ([`super::prompt`]) read
//! the line a person saw. Pure: text in, text out.

use std::borrow::Cow;

/// Applies carriage returns, backspaces, tabs and ANSI cursor sequences to one
/// line the way a terminal would, and drops other control characters.
pub(super) fn render_line(segment: &str) -> Cow<'_, str> {
    let body = segment.strip_suffix('\r').unwrap_or(segment);
    if !body.chars().any(|c| c.is_control()) {
        return Cow::Borrowed(body);
    }
    const MAX_COLUMN: usize = 4096;
    let mut buf: Vec<char> = Vec::with_capacity(body.len());
    let mut cur = 0usize;
    let mut chars = body.chars().peekable();
    let put = |buf: &mut Vec<char>, cur: &mut usize, c: char| {
        if *cur < buf.len() {
            buf[*cur] = c;
        } else {
            while buf.len() < *cur {
                buf.push(' ');
            }
            buf.push(c);
        }
        *cur += 1;
    };
    while let Some(c) = chars.next() {
        match c {
            '\r' => cur = 0,
            '\x08' => cur = cur.saturating_sub(1),
            '\t' => {
                let next = (cur / 8 + 1) * 8;
                while cur < next {
                    put(&mut buf, &mut cur, ' ');
                }
            }
            '\x1b' => match chars.next() {
                Some('[') => {
                    // CSI: parameters, then one final byte in @..~.
                    let mut params = String::new();
                    let mut fin = None;
                    for p in chars.by_ref() {
                        if ('@'..='~').contains(&p) {
                            fin = Some(p);
                            break;
                        }
                        if params.len() < 32 {
                            params.push(p);
                        }
                    }
                    let n = params
                        .split(';')
                        .next()
                        .and_then(|s| s.trim_start_matches('?').parse::<usize>().ok())
                        .unwrap_or(0)
                        .min(MAX_COLUMN);
                    match fin {
                        Some('D') => cur = cur.saturating_sub(n.max(1)),
                        Some('C') => cur = (cur + n.max(1)).min(MAX_COLUMN),
                        Some('G') => cur = n.saturating_sub(1),
                        Some('K') => match n {
                            0 => buf.truncate(cur),
                            1 => {
                                for slot in buf.iter_mut().take(cur.saturating_add(1)) {
                                    *slot = ' ';
                                }
                            }
                            _ => buf.clear(),
                        },
                        _ => {}
                    }
                }
                Some(']') => {
                    // OSC: up to BEL or ESC \.
                    while let Some(p) = chars.next() {
                        if p == '\x07' {
                            break;
                        }
                        if p == '\x1b' {
                            chars.next();
                            break;
                        }
                    }
                }
                _ => {}
            },
            c if c.is_control() => {}
            c => {
                if cur < MAX_COLUMN {
                    put(&mut buf, &mut cur, c);
                }
            }
        }
    }
    Cow::Owned(buf.into_iter().collect())
}
