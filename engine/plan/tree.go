package plan

import "github.com/commontext/commontext/internal/jsontree"

// The decoder reads JSON into a small tree first (package jsontree) and
// maps the tree onto a Plan by hand. That costs a few lines, and buys what
// encoding/json's struct decoding does not give: every problem is reported
// with its full path (meetings.itu[3].end), all problems are reported at
// once, duplicate keys are an error, and no reflection is involved.

type node = jsontree.Node

const maxDepth = jsontree.MaxDepth

func parseTree(data []byte) (*node, error) { return jsontree.Parse(data) }
