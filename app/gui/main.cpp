// archsim: the modeling workbench. `archsim [FILE]` opens FILE, or the bundled e-commerce
// example when no file is given.

#include "mainwindow.h"
#include "style.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QScreen>
#include <QSettings>
#include <QTimer>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ArchSim"));
    QApplication::setApplicationName(QStringLiteral("ArchSim"));
    QApplication::setApplicationVersion(QStringLiteral(ARCHSIM_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/archsim.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("ArchSim workbench: model, simulate and export backend architectures."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("Model to open (.json or .archsim)."));
    parser.process(app);

    archsim::gui::style::applyTheme(archsim::gui::style::ThemeMode(
        QSettings().value(QStringLiteral("theme"), 0).toInt()));
    archsim::gui::MainWindow window;
    // The first start opens maximised; later ones restore the last geometry (issue #17).
    if (QSettings().contains(QStringLiteral("window/geometry")))
        window.show();
    else {
        // The whole screen even where the window manager ignores the maximised state.
        window.setGeometry(window.screen()->availableGeometry());
        window.showMaximized();
    }
    const QStringList files = parser.positionalArguments();
    QTimer::singleShot(0, &window, [&window, files] {
        if (window.offerRecovery())
            return;
        if (files.isEmpty() || !window.openFile(files.first()))
            if (files.isEmpty())
                window.openExample();
    });
    return app.exec();
}
