// The layer's version string (so the library has a translation unit from the start).
namespace archsim::exporters {
const char *layerVersion() { return "0.1.0"; }
} // namespace archsim::exporters
