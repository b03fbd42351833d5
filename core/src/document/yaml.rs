//! A small YAML tree with the position of every node, built from `granit-parser` events.
//!
//! Compose files need what typed YAML deserialisers hide: the line and column of each key (so a
//! finding points at the file) and the text of each scalar as written (compose interpolates
//! `${VAR}` in it, and `NO` or `0755` are strings to compose, not YAML 1.1 booleans and
//! numbers). Anchors, aliases and `<<` merge keys are resolved here; alias expansion is bounded
//! so that a "billion laughs" document is an error, not an exhausted machine.

use std::collections::HashMap;

use granit_parser::{Event, Parser, ScalarStyle};

use crate::{Error, InputProblem};

/// Most nodes a document may expand to (aliases included).
const MAX_NODES: usize = 1_000_000;

/// Deepest nesting of sequences and mappings a document may have, as written or as its aliases
/// build it: the same limit as a JSON document's (a scalar is no level, so `[[x]]` nests 2
/// deep), which also keeps the recursive walks over the tree from exhausting the stack.
const MAX_DEPTH: usize = crate::limits::MAX_NESTING;

/// 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pos {
    pub(crate) line: u32,
    pub(crate) column: u32,
}

impl Pos {
    pub(crate) fn pair(self) -> (u32, u32) {
        (self.line, self.column)
    }
}

/// A YAML node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    /// A scalar as written (after YAML escapes); `plain` when unquoted.
    Scalar {
        text: String,
        plain: bool,
        pos: Pos,
    },
    Seq {
        items: Vec<Node>,
        pos: Pos,
    },
    Map {
        entries: Vec<(Key, Node)>,
        pos: Pos,
    },
}

/// A mapping key: its text and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    pub(crate) text: String,
    pub(crate) pos: Pos,
}

impl Node {
    pub(crate) fn pos(&self) -> Pos {
        match self {
            Node::Scalar { pos, .. } | Node::Seq { pos, .. } | Node::Map { pos, .. } => *pos,
        }
    }

    /// Whether this is `null`, `~` or an empty plain scalar.
    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Node::Scalar { text, plain: true, .. }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The value under `key` of a mapping.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map { entries, .. } => entries.iter().find(|(k, _)| k.text == key).map(|e| &e.1),
            _ => None,
        }
    }

    /// The key and value under `key` of a mapping.
    pub(crate) fn entry(&self, key: &str) -> Option<(&Key, &Node)> {
        match self {
            Node::Map { entries, .. } => entries
                .iter()
                .find(|(k, _)| k.text == key)
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    pub(crate) fn entries(&self) -> &[(Key, Node)] {
        match self {
            Node::Map { entries, .. } => entries,
            _ => &[],
        }
    }

    pub(crate) fn items(&self) -> &[Node] {
        match self {
            Node::Seq { items, .. } => items,
            _ => &[],
        }
    }

    pub(crate) fn scalar(&self) -> Option<&str> {
        match self {
            Node::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub(crate) fn kind_name(&self) -> &'static str {
        match self {
            Node::Scalar { .. } => "a scalar",
            Node::Seq { .. } => "a sequence",
            Node::Map { .. } => "a mapping",
        }
    }

    /// How many sequences and mappings deep the node nests (a scalar is 0).
    fn height(&self) -> usize {
        match self {
            Node::Scalar { .. } => 0,
            Node::Seq { items, .. } => 1 + items.iter().map(Node::height).max().unwrap_or(0),
            Node::Map { entries, .. } => {
                1 + entries.iter().map(|(_, v)| v.height()).max().unwrap_or(0)
            }
        }
    }

    pub(crate) fn count(&self) -> usize {
        match self {
            Node::Scalar { .. } => 1,
            Node::Seq { items, .. } => 1 + items.iter().map(Node::count).sum::<usize>(),
            Node::Map { entries, .. } => {
                1 + entries.iter().map(|(_, v)| 1 + v.count()).sum::<usize>()
            }
        }
    }
}

enum Frame {
    Seq {
        items: Vec<Node>,
        pos: Pos,
        anchor: usize,
    },
    Map {
        entries: Vec<(Key, Node)>,
        /// Index of each key in `entries` (keys are unique; the last one written wins).
        index: HashMap<String, usize>,
        merges: Vec<Node>,
        pending: Option<Key>,
        pos: Pos,
        anchor: usize,
    },
}

fn syntax(message: impl Into<String>, pos: Pos) -> Error {
    Error::input_at(InputProblem::Syntax, message, pos.line, pos.column)
}

fn too_deep(what: &str, pos: Pos) -> Error {
    Error::input_at(
        InputProblem::TooDeep,
        format!("{what} deeper than {MAX_DEPTH} levels"),
        pos.line,
        pos.column,
    )
}

/// Parses the first document of `text` into a tree. An empty stream is `None`.
pub(crate) fn parse(text: &str) -> Result<Option<Node>, Error> {
    let mut anchors: Vec<(usize, Node, usize)> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut budget = MAX_NODES;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let marker = e.marker();
            syntax(
                e.info(),
                Pos {
                    line: to_u32(marker.line()),
                    column: to_u32(marker.col() + 1),
                },
            )
        })?;
        let pos = Pos {
            line: to_u32(span.start.line()),
            column: to_u32(span.start.col() + 1),
        };
        let finished = match event {
            Event::DocumentEnd => {
                if root.is_some() {
                    break;
                }
                continue;
            }
            Event::Scalar(value, style, anchor, _) => {
                let node = Node::Scalar {
                    text: value.into_owned(),
                    plain: style == ScalarStyle::Plain,
                    pos,
                };
                if anchor != 0 {
                    anchors.push((anchor, node.clone(), 0));
                }
                node
            }
            Event::Alias(id) => {
                let Some((_, target, height)) = anchors.iter().rev().find(|(a, _, _)| *a == id)
                else {
                    return Err(syntax("alias to an unknown anchor", pos));
                };
                if stack.len() + height > MAX_DEPTH {
                    return Err(too_deep("aliases nest the document", pos));
                }
                let size = target.count();
                budget = budget.checked_sub(size).ok_or_else(|| {
                    syntax("aliases expand the document beyond 1,000,000 nodes", pos)
                })?;
                retarget(target.clone(), pos)
            }
            Event::SequenceStart(_, anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep("the document nests", pos));
                }
                stack.push(Frame::Seq {
                    items: Vec::new(),
                    pos,
                    anchor,
                });
                continue;
            }
            Event::MappingStart(_, anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep("the document nests", pos));
                }
                stack.push(Frame::Map {
                    entries: Vec::new(),
                    index: HashMap::new(),
                    merges: Vec::new(),
                    pending: None,
                    pos,
                    anchor,
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq { items, pos, anchor }) => {
                    let node = Node::Seq { items, pos };
                    if anchor != 0 {
                        anchors.push((anchor, node.clone(), node.height()));
                    }
                    node
                }
                _ => return Err(syntax("unbalanced sequence", pos)),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map {
                    mut entries,
                    mut index,
                    merges,
                    pos,
                    anchor,
                    ..
                }) => {
                    // `<<` entries: keys already present win, then earlier merges win.
                    for merged in merges {
                        let sources: Vec<Node> = match merged {
                            Node::Seq { items, .. } => items,
                            other => vec![other],
                        };
                        for source in sources {
                            if let Node::Map { entries: more, .. } = source {
                                for (k, v) in more {
                                    if !index.contains_key(&k.text) {
                                        index.insert(k.text.clone(), entries.len());
                                        entries.push((k, v));
                                    }
                                }
                            }
                        }
                    }
                    let node = Node::Map { entries, pos };
                    if anchor != 0 {
                        anchors.push((anchor, node.clone(), node.height()));
                    }
                    node
                }
                _ => return Err(syntax("unbalanced mapping", pos)),
            },
            _ => continue,
        };
        budget = budget
            .checked_sub(1)
            .ok_or_else(|| syntax("the document holds more than 1,000,000 nodes", pos))?;
        match stack.last_mut() {
            None => root = Some(finished),
            Some(Frame::Seq { items, .. }) => items.push(finished),
            Some(Frame::Map {
                entries,
                index,
                merges,
                pending,
                ..
            }) => match pending.take() {
                None => {
                    let text = match &finished {
                        Node::Scalar { text, .. } => text.clone(),
                        // A complex key: compose never uses one; keep a placeholder.
                        other => format!("<{}>", other.kind_name()),
                    };
                    *pending = Some(Key {
                        text,
                        pos: finished.pos(),
                    });
                }
                Some(key) => {
                    if key.text == "<<" && !matches!(&finished, Node::Scalar { .. }) {
                        merges.push(finished);
                    } else if let Some(slot) =
                        index.get(&key.text).and_then(|&i| entries.get_mut(i))
                    {
                        // Duplicate key: the last one wins, as in compose.
                        *slot = (key, finished);
                    } else {
                        index.insert(key.text.clone(), entries.len());
                        entries.push((key, finished));
                    }
                }
            },
        }
    }
    Ok(root)
}

/// An aliased node is reported where the alias is used only at its top; its children keep
/// the positions of their definition (the anchor), which is where a user edits them.
fn retarget(node: Node, at: Pos) -> Node {
    match node {
        Node::Scalar { text, plain, .. } => Node::Scalar {
            text,
            plain,
            pos: at,
        },
        Node::Seq { items, .. } => Node::Seq { items, pos: at },
        Node::Map { entries, .. } => Node::Map { entries, pos: at },
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        parse(text).ok().flatten().unwrap_or(Node::Seq {
            items: Vec::new(),
            pos: Pos::default(),
        })
    }

    #[test]
    fn positions_and_raw_scalars() {
        let t = tree("a: NO\nb:\n  c: 0755\n  d: 'x'\n");
        let a = t.get("a").and_then(Node::scalar);
        assert_eq!(a, Some("NO"));
        let (key, value) = t
            .get("b")
            .and_then(|b| b.entry("c"))
            .map_or(((0, 0), None), |(k, v)| (k.pos.pair(), v.scalar()));
        assert_eq!(key, (3, 3));
        assert_eq!(value, Some("0755"));
    }

    #[test]
    fn merge_keys_and_aliases() {
        let t = tree("x: &base\n  p: 1\n  q: 2\ny:\n  <<: *base\n  q: 3\n");
        let y = t.get("y").cloned().unwrap_or(Node::Seq {
            items: Vec::new(),
            pos: Pos::default(),
        });
        assert_eq!(y.get("p").and_then(Node::scalar), Some("1"));
        assert_eq!(y.get("q").and_then(Node::scalar), Some("3"));
    }

    #[test]
    fn alias_bombs_are_errors() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let p = i - 1;
            let refs = vec![format!("*a{p}"); 10].join(", ");
            doc = doc + "a" + &i.to_string() + ": &a" + &i.to_string() + " [" + &refs + "]\n";
        }
        assert!(parse(&doc).is_err());
    }

    #[test]
    fn alias_chains_cannot_nest_without_bound() {
        // Each anchor nests the previous one 40 levels deeper than itself: what is written
        // stays within the limit, what the aliases build does not.
        let mut doc = String::from("a0: &a0 x\n");
        for i in 1..6 {
            let open = "[".repeat(40);
            let close = "]".repeat(40);
            doc = doc
                + "a"
                + &i.to_string()
                + ": &a"
                + &i.to_string()
                + " "
                + &open
                + "*a"
                + &(i - 1).to_string()
                + &close
                + "\n";
        }
        let err = parse(&doc).err();
        assert!(matches!(
            err,
            Some(Error::InvalidInput {
                problem: InputProblem::TooDeep,
                ref message,
                ..
            }) if message == "aliases nest the document deeper than 64 levels"
        ));
    }

    #[test]
    fn nesting_is_bounded_like_json() {
        // The top mapping is one level, as a JSON object is.
        let nested =
            |depth: usize| format!("a: {}x{}\n", "[".repeat(depth - 1), "]".repeat(depth - 1));
        assert!(parse(&nested(MAX_DEPTH)).is_ok());
        let err = parse(&nested(MAX_DEPTH + 1)).err();
        assert!(matches!(
            err,
            Some(Error::InvalidInput {
                problem: InputProblem::TooDeep,
                ref message,
                ..
            }) if message == "the document nests deeper than 64 levels"
        ));
        // An alias to a scalar adds no level; one to a sequence adds its own.
        let at_limit = format!(
            "s: &s x\nt: &t [y]\na: {}*s{}\n",
            "[".repeat(63),
            "]".repeat(63)
        );
        assert!(parse(&at_limit).is_ok());
        let past = format!(
            "s: &s x\nt: &t [y]\na: {}*t{}\n",
            "[".repeat(63),
            "]".repeat(63)
        );
        assert!(parse(&past).is_err());
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse("a: [1, 2\nb: c\n").err();
        assert!(matches!(
            err,
            Some(Error::InvalidInput {
                problem: InputProblem::Syntax,
                line: Some(_),
                ..
            })
        ));
    }
}
