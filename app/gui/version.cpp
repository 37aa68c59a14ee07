// Placeholder translation unit so archsim_gui has a source until the workbench lands.
namespace archsim::gui {
const char *version() { return ARCHSIM_VERSION; }
} // namespace archsim::gui
