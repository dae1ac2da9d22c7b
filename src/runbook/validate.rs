//! Graph checks over a runbook whose steps and references are individually
//! sound: every step reachable from the first, an outcome reachable from every
//! step, and no cycle that traps the walk.
//!
//! A cycle is allowed ("try again" loops) as long as one of its steps leads out
//! of it towards an outcome; a cycle that nothing leaves is reported once, as a
//! cycle, and the steps that only lead into it are reported as steps from
//! which no outcome can be reached.

use super::defect::Defect;
use super::model::{Runbook, StepKind};
use std::collections::{HashMap, HashSet, VecDeque};

pub(crate) fn graph(rb: &Runbook, defects: &mut Vec<Defect>) {
    let index: HashMap<&str, usize> = rb
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let n = rb.steps.len();
    let succ: Vec<Vec<usize>> = rb
        .steps
        .iter()
        .map(|s| {
            let mut v: Vec<usize> = s
                .edges()
                .iter()
                .filter_map(|(_, t)| index.get(t).copied())
                .collect();
            v.dedup();
            v
        })
        .collect();
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, targets) in succ.iter().enumerate() {
        for &t in targets {
            pred[t].push(i);
        }
    }
    let at = |i: usize, message: String| {
        let line = rb.steps[i].line;
        Defect {
            file: rb.file.clone(),
            line,
            column: 1,
            message,
        }
    };

    // Reachable from the first step.
    let mut reachable = vec![false; n];
    if let Some(&first) = index.get(rb.first.as_str()) {
        bfs(first, &succ, &mut reachable);
    }
    for (i, s) in rb.steps.iter().enumerate() {
        if !reachable[i] {
            defects.push(at(
                i,
                format!(
                    "step '{}' is unreachable from the first step '{}'",
                    s.id, rb.first
                ),
            ));
        }
    }

    // Steps from which an outcome can be reached (search backwards from outcomes).
    let mut leads_out = vec![false; n];
    for (i, s) in rb.steps.iter().enumerate() {
        if matches!(s.kind, StepKind::Outcome(_)) && !leads_out[i] {
            bfs(i, &pred, &mut leads_out);
        }
    }

    let mut in_trap = vec![false; n];
    for component in tarjan(&succ) {
        let cyclic = component.len() > 1 || succ[component[0]].contains(&component[0]);
        if cyclic && component.iter().all(|&i| !leads_out[i]) {
            let mut members = component.clone();
            members.sort_unstable();
            for &i in &members {
                in_trap[i] = true;
            }
            let path = cycle_path(&members, &succ, rb);
            defects.push(at(members[0], format!("cycle with no way out: {path}")));
        }
    }
    for (i, s) in rb.steps.iter().enumerate() {
        if !leads_out[i] && !in_trap[i] {
            defects.push(at(
                i,
                format!("no outcome can be reached from step '{}'", s.id),
            ));
        }
    }
}

fn bfs(start: usize, edges: &[Vec<usize>], seen: &mut [bool]) {
    let mut queue = VecDeque::from([start]);
    seen[start] = true;
    while let Some(i) = queue.pop_front() {
        for &j in &edges[i] {
            if !seen[j] {
                seen[j] = true;
                queue.push_back(j);
            }
        }
    }
}

/// A readable walk around a trapped cycle, starting at its first step in
/// file order; linear in the cycle's steps and edges.
fn cycle_path(members: &[usize], succ: &[Vec<usize>], rb: &Runbook) -> String {
    let member: HashSet<usize> = members.iter().copied().collect();
    let mut on_path: HashSet<usize> = HashSet::new();
    let start = members[0];
    let mut path = vec![start];
    on_path.insert(start);
    let mut cur = start;
    loop {
        // Prefer closing the cycle, else go to an unvisited member.
        let next = if succ[cur].contains(&start) && path.len() == members.len() {
            None
        } else {
            succ[cur]
                .iter()
                .copied()
                .find(|j| member.contains(j) && !on_path.contains(j))
        };
        match next {
            Some(j) => {
                path.push(j);
                on_path.insert(j);
                cur = j;
            }
            None => break,
        }
    }
    let mut names: Vec<&str> = path.iter().map(|&i| rb.steps[i].id.as_str()).collect();
    if succ[cur].contains(&start) {
        names.push(rb.steps[start].id.as_str());
    } else {
        names.push("…");
    }
    names.join(" → ")
}

/// Strongly connected components (Tarjan, iterative so that long runbooks
/// cannot overflow the stack).
fn tarjan(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = succ.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge < succ[v].len() {
                let w = succ[v][*edge];
                *edge += 1;
                if index[w] == usize::MAX {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut component = Vec::new();
                    loop {
                        let w = stack.pop().unwrap();
                        on_stack[w] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    out.push(component);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::read::parse;

    fn rb(steps: &str) -> String {
        format!("id = \"t\"\ntitle = \"T\"\nfirst = \"a\"\n{steps}")
    }

    fn q(id: &str, nexts: &[&str]) -> String {
        let choices: Vec<String> = nexts
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{{ id = \"c{i}\", next = \"{n}\" }}"))
            .collect();
        format!(
            "\n[[step]]\nid = \"{id}\"\nkind = \"question\"\ntext = \"?\"\nchoices = [{}]\n",
            choices.join(", ")
        )
    }

    fn out(id: &str) -> String {
        format!(
            "\n[[step]]\nid = \"{id}\"\nkind = \"outcome\"\ntext = \"done\"\nresult = \"resolved\"\n"
        )
    }

    fn messages(text: &str) -> Vec<String> {
        match parse(text, "t.toml") {
            Ok(_) => Vec::new(),
            Err(d) => {
                d.0.iter()
                    .map(|d| format!("{}: {}", d.line, d.message))
                    .collect()
            }
        }
    }

    #[test]
    fn loop_with_a_way_out_is_fine() {
        let text = rb(&(q("a", &["b"]) + &q("b", &["a", "z"]) + &out("z")));
        assert_eq!(messages(&text), Vec::<String>::new());
    }

    #[test]
    fn trapped_cycle_is_reported_once_with_its_path() {
        let text = rb(&(q("a", &["b", "z"]) + &q("b", &["c"]) + &q("c", &["b"]) + &out("z")));
        let m = messages(&text);
        assert_eq!(
            m,
            vec!["12: cycle with no way out: b → c → b".to_string()],
            "{m:?}"
        );
    }

    #[test]
    fn self_loop_without_exit_is_a_trapped_cycle() {
        let text = rb(&(q("a", &["a"]) + &out("z")));
        let m = messages(&text);
        assert!(
            m.iter().any(|m| m.contains("cycle with no way out: a → a")),
            "{m:?}"
        );
        assert!(
            m.iter().any(|m| m.contains("step 'z' is unreachable")),
            "{m:?}"
        );
    }

    #[test]
    fn step_leading_only_into_a_trap_cannot_reach_an_outcome() {
        let text = rb(&(q("a", &["b", "z"])
            + &q("b", &["c"])
            + &q("c", &["d"])
            + &q("d", &["c"])
            + &out("z")));
        let m = messages(&text);
        assert!(
            m.iter()
                .any(|m| m.contains("no outcome can be reached from step 'b'")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|m| m.contains("cycle with no way out: c → d → c")),
            "{m:?}"
        );
    }

    #[test]
    fn unreachable_step_is_reported_at_its_line() {
        let text = rb(&(q("a", &["z"]) + &out("z") + &out("orphan")));
        assert_eq!(
            messages(&text),
            vec!["18: step 'orphan' is unreachable from the first step 'a'".to_string()]
        );
    }
}
