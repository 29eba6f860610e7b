// Command template-cases runs every case of cases.json through Go's text/template with Sprig v3
// (the engine Compozy uses) and writes what Go answers: the rendered text, or the error. The
// table it writes is committed; CI never needs Go. Run it with ./generate.sh.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"
	"time"

	"github.com/Masterminds/sprig"
)

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
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: template-cases CASES.json OUT.json")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var cases []input
	if err := json.Unmarshal(raw, &cases); err != nil {
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
	// Compozy names each template by its field; "t" keeps the error texts short and comparable
	t, err := template.New("t").Funcs(sprig.TxtFuncMap()).Option("missingkey=default").Parse(c.Template)
	if err != nil {
		msg := err.Error()
		r.Error, r.Phase = &msg, "parse"
		return r
	}
	var b strings.Builder
	if err := t.Execute(&b, c.Data); err != nil {
		msg := err.Error()
		r.Error, r.Phase = &msg, "execute"
		return r
	}
	s := b.String()
	r.Output = &s
	return r
}

var _ = time.Now
