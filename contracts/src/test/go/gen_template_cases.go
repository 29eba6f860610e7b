// Regenerates contracts/src/test/resources/template-cases.json: runs every case of
// template-cases.in.json through Go's text/template with the Sprig functions, missingkey=error,
// over the case's data decoded from JSON as Go decodes it, and records the output or the error.
// Not run by the build (no Go in CI): the answers are committed. To refresh them (Debian):
//   apt-get install golang-go golang-github-masterminds-sprig-dev
//   GO111MODULE=off GOPATH=/usr/share/gocode go run gen_template_cases.go ../resources/template-cases.in.json > ../resources/template-cases.json
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"text/template"

	"github.com/Masterminds/sprig"
)

type tcase struct {
	Name      string          `json:"name"`
	Template  string          `json:"template"`
	Data      json.RawMessage `json:"data"`
	Deviation string          `json:"deviation,omitempty"`
	Ours      *string         `json:"ours,omitempty"`
	Output    *string         `json:"output,omitempty"`
	Error     *string         `json:"error,omitempty"`
}

func main() {
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var cases []tcase
	if err := json.Unmarshal(raw, &cases); err != nil {
		panic(err)
	}
	for i := range cases {
		c := &cases[i]
		var data interface{}
		if err := json.Unmarshal(c.Data, &data); err != nil {
			panic(fmt.Sprintf("%s: %v", c.Name, err))
		}
		t, err := template.New("t").Funcs(sprig.TxtFuncMap()).Option("missingkey=error").Parse(c.Template)
		if err != nil {
			msg := err.Error()
			c.Error = &msg
			continue
		}
		var out bytes.Buffer
		if err := t.Execute(&out, data); err != nil {
			msg := err.Error()
			c.Error = &msg
			continue
		}
		s := out.String()
		c.Output = &s
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(cases); err != nil {
		panic(err)
	}
}
