package crawler

import (
	"context"
	"sync"
)

// slots bounds the requests of a crawl between their sending and the end of
// their handling. colly frees a host's slot as soon as a body is read,
// before the page is handled, so a handler slower than the network
// (extraction, indexing, a disk sync) would otherwise let fetched pages pile
// up in memory, and an interrupted crawl would have them all to refetch.
type slots struct {
	free chan struct{}
	mu   sync.Mutex
	held map[uint32]bool // by colly request ID: a retry is a new request
}

func newSlots(n int) *slots {
	return &slots{free: make(chan struct{}, max(n, 1)), held: map[uint32]bool{}}
}

// take waits for a slot for request id; false when ctx is done first.
func (s *slots) take(ctx context.Context, id uint32) bool {
	select {
	case s.free <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	s.mu.Lock()
	s.held[id] = true
	s.mu.Unlock()
	return true
}

// give returns the slot of request id, if it holds one.
func (s *slots) give(id uint32) {
	s.mu.Lock()
	held := s.held[id]
	delete(s.held, id)
	s.mu.Unlock()
	if held {
		<-s.free
	}
}
