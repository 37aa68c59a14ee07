#pragma once

// What the GUI tests share: settings and recovery files kept apart from the user's, and a
// main window that never prompts.

#include "mainwindow.h"

#include <QApplication>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// Points settings, standard paths and crash-recovery files at test-only places.
inline void isolateGuiTest(const QTemporaryDir &tmp, const char *name)
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("ArchSimTest"));
    QApplication::setApplicationName(QString::fromLatin1(name));
    qputenv("ARCHSIM_RECOVERY_DIR", tmp.filePath(QStringLiteral("recovery")).toUtf8());
}

// Returns a shown main window of the given size that discards unsaved changes without asking.
inline std::unique_ptr<archsim::gui::MainWindow> shownMainWindow(int width, int height)
{
    auto w = std::make_unique<archsim::gui::MainWindow>();
    w->setSavePrompt([] { return QMessageBox::Discard; });
    w->resize(width, height);
    w->show();
    return w;
}
