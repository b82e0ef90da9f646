# Installs xenpt for a user: `make install PREFIX=$HOME/.local` (default PREFIX=/usr/local).
# The work is done by scripts/install.sh, which says what goes where.
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: install uninstall

install:
	scripts/install.sh --prefix "$(PREFIX)" --destdir "$(DESTDIR)"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/xenpt" "$(DESTDIR)$(PREFIX)/share/man/man1/xenpt.1" \
		"$(DESTDIR)$(PREFIX)/share/bash-completion/completions/xenpt" \
		"$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_xenpt" \
		"$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/xenpt.fish"
	rm -rf "$(DESTDIR)$(PREFIX)/share/xenpt"
