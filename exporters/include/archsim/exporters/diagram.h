#pragma once

// The architecture diagram as standalone SVG markup, rendered without a display: a layered
// left-to-right layout (or the components' own positions when every one has one).

#include "archsim/model/types.h"

#include <map>
#include <string>

namespace archsim::exporters {

struct DiagramBox {
    double x = 0, y = 0, w = 0, h = 0; // top-left corner and size, in SVG units
};

// Returns the box of every component (by id) in the diagram's coordinates.
std::map<std::string, DiagramBox> diagramLayout(const model::Model &model);

// Returns an <svg> element of the model's components and links. Styling comes from CSS
// classes (kind-*, link-*) that the report's stylesheet defines; diagramStyle() gives them
// for standalone use.
std::string architectureSvg(const model::Model &model);

// Returns the CSS that styles architectureSvg() output.
std::string diagramStyle();

} // namespace archsim::exporters
