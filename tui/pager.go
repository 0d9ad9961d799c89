package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

// pager is a scrollable block of text: the body of every tab.
type pager struct {
	com *common
	vp  viewport.Model
}

func newPager(com *common) pager {
	vp := viewport.New()
	vp.KeyMap = com.keys.viewportKeys()
	vp.SoftWrap = true
	return pager{com: com, vp: vp}
}

// SetSize sets the size of the visible block.
func (p *pager) SetSize(width, height int) {
	p.vp.SetWidth(width)
	p.vp.SetHeight(height)
}

// Width is the width text is laid out for.
func (p *pager) Width() int { return p.vp.Width() }

// SetContent replaces the text and scrolls back to the top.
func (p *pager) SetContent(s string) {
	p.vp.SetContent(s)
	p.vp.GotoTop()
}

// Refresh replaces the text and keeps the scroll position where it can.
func (p *pager) Refresh(s string) {
	off := p.vp.YOffset()
	p.vp.SetContent(s)
	p.vp.SetYOffset(off)
}

// Scroll handles a scrolling key and reports whether it was one.
func (p *pager) Scroll(msg tea.KeyPressMsg) bool {
	keys := p.com.keys
	switch {
	case key.Matches(msg, keys.Top):
		p.vp.GotoTop()
	case key.Matches(msg, keys.Bottom):
		p.vp.GotoBottom()
	case key.Matches(msg, keys.Up, keys.Down, keys.PageUp, keys.PageDown, keys.HalfUp, keys.HalfDown):
		p.vp, _ = p.vp.Update(msg)
	default:
		return false
	}
	return true
}

// View renders the visible part, never wider than the pager.
func (p *pager) View() string {
	return p.vp.View()
}
