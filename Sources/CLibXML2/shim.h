// libxml2 from Debian (libxml2-dev); pkg-config libxml-2.0 adds -I/usr/include/libxml2.
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, whose <unicode/…> headers clash with Foundation's own
// copy of ICU (_FoundationICU). Only the ICU converter fields of xmlCharEncodingHandler
// depend on it, and Dossier never touches that struct: leave ICU out of this module.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
