// cmark-gfm keeps the inline parser's table of special characters (the bytes
// that may start an inline: `*`, `[`, and each extension's own: `~`, `|`, `:`,
// `w`) in one global array. Every parser with extensions switches its
// extensions' characters on when it starts parsing inlines and off when it is
// done (cmark_manage_extensions_special_characters in blocks.c), so a parser
// finishing on one thread switches `~`, `|` and the autolink triggers off under
// a parser still at work on another, which then loses strikethrough, table
// cells and links. Upstream knows (github/cmark-gfm pull request 176, open).
//
// Every parser Dossier makes attaches the same extensions (autolinking aside, on
// pages it could link nothing in: its characters are then plain text), so their characters
// can stay switched on once they are on. This definition takes the library's
// place (the library calls it through its procedure linkage table, so the
// executable's definition wins): switching on goes to the library's own,
// switching off does nothing. A library built to bind its own calls directly
// would never call this one, so the renderer checks by parsing once and asking
// `dossier_cmark_special_characters_stay_on` whether the call came here; where
// it did not, the renderer parses one document at a time instead.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include "CDossierSupport.h"

struct cmark_parser;
typedef void (*dossier_manage_function)(struct cmark_parser *, int);

static dossier_manage_function library_manage = NULL;
static pthread_once_t library_manage_found = PTHREAD_ONCE_INIT;
static atomic_int calls_seen = 0;

static void find_library_manage(void) {
    library_manage = (dossier_manage_function)dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
}

__attribute__((visibility("default")))
void cmark_manage_extensions_special_characters(struct cmark_parser *parser, int add) {
    pthread_once(&library_manage_found, find_library_manage);
    atomic_store(&calls_seen, 1);
    // The same bytes set to the same value by every parser: switching on twice is harmless.
    if (add && library_manage != NULL) library_manage(parser, 1);
}

int dossier_cmark_special_characters_stay_on(void) {
    pthread_once(&library_manage_found, find_library_manage);
    return library_manage != NULL && atomic_load(&calls_seen);
}
