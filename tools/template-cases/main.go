// Command template-cases runs every case of cases.json through Go's text/template with Sprig v3
// (the engine Compozy uses) and writes what Go answers: the rendered text, or the error. The
// table it writes is committed; CI never needs Go. Run it with ./generate.sh.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"sort"
	"os"
	"strings"
	"text/template"
	"time"

	"github.com/Masterminds/sprig"
)

// funcs is the function map Compozy gives templates: Sprig's, plus htmlEscape.
func funcs() template.FuncMap {
	m := sprig.TxtFuncMap()
	m["htmlEscape"] = html.EscapeString
	return m
}

type input struct {
	Name     string                 `json:"name"`
	Template string                 `json:"template"`
	Data     map[string]interface{} `json:"data,omitempty"`
}

type result struct {
	Name     string                 `json:"name"`
	Template string                 `json:"template"`
	Data     map[string]interface{} `json:"data,omitempty"`
	Output   *string                `json:"output,omitempty"`
	Error    *string                `json:"error,omitempty"`
	Phase    string                 `json:"phase,omitempty"`
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-functions" {
		if err := writeFunctionNames(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: template-cases CASES.json OUT.json | template-cases -functions OUT.txt")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var cases []input
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, "cases:", err)
		os.Exit(1)
	}
	seen := map[string]bool{}
	var out []result
	for _, c := range cases {
		if seen[c.Name] {
			fmt.Fprintln(os.Stderr, "duplicate case name:", c.Name)
			os.Exit(1)
		}
		seen[c.Name] = true
		out = append(out, run(c))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[2], buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%d cases written to %s\n", len(out), os.Args[2])
}

func run(c input) result {
	r := result{Name: c.Name, Template: c.Template, Data: c.Data}
	data, _ := numbers(c.Data).(map[string]interface{})
	// Compozy names each template by its field; "t" keeps the error texts short and comparable.
	// Compozy parses with missingkey=error.
	t, err := template.New("t").Funcs(funcs()).Option("missingkey=error").Parse(c.Template)
	if err != nil {
		msg := err.Error()
		r.Error, r.Phase = &msg, "parse"
		return r
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		msg := err.Error()
		r.Error, r.Phase = &msg, "execute"
		return r
	}
	s := b.String()
	r.Output = &s
	return r
}

// numbers gives data the types YAML decoding gives (and the platform's JSON reading): a whole
// number is an int, any other number a float64. Go's JSON decoding alone would make every number
// a float64, and then {{ eq .n 3 }} fails in Go for want of an int.
func numbers(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil && !strings.ContainsAny(string(x), ".eE") {
			return int(i)
		}
		f, _ := x.Float64()
		return f
	case map[string]interface{}:
		out := map[string]interface{}{}
		for k, e := range x {
			out[k] = numbers(e)
		}
		return out
	case []interface{}:
		out := make([]interface{}, len(x))
		for i, e := range x {
			out[i] = numbers(e)
		}
		return out
	}
	return v
}

// writeFunctionNames writes the names of every function a template may call: Go's built-ins and
// the function map, sorted, one per line.
func writeFunctionNames(path string) error {
	names := []string{"and", "call", "html", "index", "js", "len", "not", "or", "print", "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne", "slice"}
	for name := range funcs() {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	last := ""
	for _, n := range names {
		if n != last {
			b.WriteString(n + "\n")
		}
		last = n
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

var _ = time.Now
