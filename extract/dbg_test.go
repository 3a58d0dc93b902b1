package extract

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

func TestDebugOne(t *testing.T) {
	text := os.Getenv("DBG_TEXT")
	if text == "" {
		t.Skip()
	}
	d := New().Text("x", text, os.Getenv("DBG_PUB"))
	b, _ := json.MarshalIndent(EvalRecord(d), "", " ")
	fmt.Println(string(b))
	for _, o := range analyze(text, "", New().Geo).orgs {
		fmt.Printf("org %q alias=%v\n", o.name, o.alias)
	}
}
