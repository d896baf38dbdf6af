/* dealgraph: umbrella header. */
#ifndef DEALGRAPH_H
#define DEALGRAPH_H

#define DG_VERSION "0.1.0"

#include <dealgraph/diag.h>
#include <dealgraph/doc.h>
#include <dealgraph/extract.h>
#include <dealgraph/graph.h>
#include <dealgraph/outfile.h>
#include <dealgraph/relation.h>
#include <dealgraph/rules.h>
#include <dealgraph/status.h>
#include <dealgraph/text.h>

#endif
