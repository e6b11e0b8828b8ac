// libxml2 from Debian (libxml2-dev); pkg-config libxml-2.0 adds -I/usr/include/libxml2.
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
