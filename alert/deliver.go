package alert

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// Headers of a webhook delivery.
const (
	HeaderSignature = "X-Vigie-Signature" // "sha256=" + hex HMAC-SHA256 of the body, keyed by the webhook's secret
	HeaderDelivery  = "X-Vigie-Delivery"  // id of the delivery, the same on every retry: receivers dedupe on it
	HeaderAttempt   = "X-Vigie-Attempt"   // 1 for the first attempt, 2 for the first retry...
)

// Sign returns the X-Vigie-Signature value of body under secret.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify reports whether signature is the X-Vigie-Signature of body under
// secret, in constant time. Receivers written in Go can use it.
func Verify(secret string, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(signature))
}

// DeliveryConfig sets how the outbox is sent.
type DeliveryConfig struct {
	Client      *http.Client  // its transport must refuse private addresses unless allowed
	MinBackoff  time.Duration // wait after the first failure; doubles after each
	MaxBackoff  time.Duration // longest wait between two attempts
	MaxAttempts int           // attempts before a delivery is marked failed
	Poll        time.Duration // longest sleep of the worker between two looks at the outbox
	Timeout     time.Duration // timeout of one POST
}

// DefaultDeliveryConfig returns the production settings: retries after 30 s,
// 1 min, 2 min ... up to every hour, for about two days.
func DefaultDeliveryConfig() DeliveryConfig {
	return DeliveryConfig{
		MinBackoff:  30 * time.Second,
		MaxBackoff:  time.Hour,
		MaxAttempts: 50,
		Poll:        30 * time.Second,
		Timeout:     15 * time.Second,
	}
}

// Deliverer posts the deliveries of the outbox. A delivery leaves the outbox
// only when its receiver answered 2xx, so a crash or restart at any point
// sends it again, with the same X-Vigie-Delivery id, rather than losing it.
type Deliverer struct {
	store *Store
	cfg   DeliveryConfig
	now   func() time.Time
	log   *slog.Logger
	wake  chan struct{}
}

// NewDeliverer returns a deliverer of the store's outbox.
func NewDeliverer(store *Store, cfg DeliveryConfig, now func() time.Time, log *slog.Logger) *Deliverer {
	def := DefaultDeliveryConfig()
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = def.MinBackoff
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = def.MaxBackoff
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = def.MaxAttempts
	}
	if cfg.Poll <= 0 {
		cfg.Poll = def.Poll
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = def.Timeout
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{}
	}
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Deliverer{store: store, cfg: cfg, now: now, log: log, wake: make(chan struct{}, 1)}
}

// Wake makes a running deliverer look at the outbox now.
func (d *Deliverer) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run sends due deliveries until ctx is done.
func (d *Deliverer) Run(ctx context.Context) error {
	for {
		if err := d.Flush(ctx); err != nil && ctx.Err() == nil {
			d.log.Error("webhook outbox", "err", err)
		}
		wait := d.cfg.Poll
		if next, ok, err := d.store.NextDue(); err == nil && ok {
			wait = min(wait, max(next.Sub(d.now()), 10*time.Millisecond))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-d.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// Flush tries every delivery that is due once, in the order they were
// queued, and returns the first storage error.
func (d *Deliverer) Flush(ctx context.Context) error {
	keys, due, err := d.store.Due(d.now(), 100)
	if err != nil {
		return fmt.Errorf("read outbox: %w", err)
	}
	for i, dl := range due {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		a, err := d.store.Get(dl.AlertID)
		if err != nil {
			continue // deleted meanwhile; Delete cleared its deliveries
		}
		secret := ""
		if a.Webhook != nil {
			secret = a.Webhook.Secret
		}
		dl.Attempts++
		perr := d.post(ctx, dl, secret)
		if perr == nil {
			if err := d.store.Delivered(keys[i]); err != nil {
				return fmt.Errorf("mark delivery %s: %w", dl.ID, err)
			}
			d.log.Info("webhook delivered", "alert", dl.AlertID, "delivery", dl.ID, "attempts", dl.Attempts)
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err() // shutting down: this attempt does not count
		}
		dl.LastError = perr.Error()
		if dl.Attempts >= d.cfg.MaxAttempts {
			dl.Failed = true
			d.log.Error("webhook delivery failed for good", "alert", dl.AlertID, "delivery", dl.ID, "attempts", dl.Attempts, "err", perr)
		} else {
			dl.NextAttempt = d.now().Add(d.backoff(dl.Attempts))
			d.log.Warn("webhook delivery failed", "alert", dl.AlertID, "delivery", dl.ID, "attempts", dl.Attempts, "retry_at", dl.NextAttempt, "err", perr)
		}
		if err := d.store.Retry(keys[i], dl); err != nil {
			return fmt.Errorf("reschedule delivery %s: %w", dl.ID, err)
		}
	}
	return nil
}

// backoff returns the wait after the n-th failed attempt: MinBackoff
// doubled n-1 times, at most MaxBackoff.
func (d *Deliverer) backoff(n int) time.Duration {
	b := d.cfg.MinBackoff
	for i := 1; i < n && b < d.cfg.MaxBackoff; i++ {
		b *= 2
	}
	return min(b, d.cfg.MaxBackoff)
}

// post sends one delivery and returns nil only on a 2xx answer.
func (d *Deliverer) post(ctx context.Context, dl Delivery, secret string) error {
	ctx, cancel := context.WithTimeout(ctx, d.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, dl.URL, bytes.NewReader(dl.Body))
	if err != nil {
		return fmt.Errorf("webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Vigie-Webhook/1")
	req.Header.Set(HeaderDelivery, dl.ID)
	req.Header.Set(HeaderAttempt, fmt.Sprint(dl.Attempts))
	if secret != "" {
		req.Header.Set(HeaderSignature, Sign(secret, dl.Body))
	}
	resp, err := d.cfg.Client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook post: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook post: %s answered %s", dl.URL, resp.Status)
	}
	return nil
}
