package web

import (
	"flag"
	"net/http"
	"os"
	"os/signal"
	"testing"
)

var serve = flag.Bool("serve", false, "serve the test fixtures on 127.0.0.1:8089 until interrupted (for manual checks)")

func TestServeFixtures(t *testing.T) {
	if !*serve {
		t.Skip("run with -serve to browse the fixtures")
	}
	h := New(newTestService(t), Config{})
	s := &http.Server{Addr: "127.0.0.1:8089", Handler: h}
	go s.ListenAndServe()
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	<-c
	s.Close()
}
