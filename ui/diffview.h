#pragma once

#include "promotionreview.h"

#include <QWidget>

#include <memory>

class QPlainTextEdit;
class QStackedWidget;
class QTextDocument;

namespace fd::ui {

/**
 * The files a promotion changes as diffs, unified or side by side (old left, new right, rows
 * aligned), highlighted by KSyntaxHighlighting when the build found it, else by DiffHighlighter.
 * Read-only, monospaced, not wrapped.
 */
class DiffView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiffView)

public:
    explicit DiffView(QWidget* parent = nullptr);
    ~DiffView() override;

    void setFiles(const QList<core::ReviewedFile>& files);
    /** Replaces the diff with @p text (computing, an error). */
    void setPlaceholder(const QString& text);
    void setSideBySide(bool sideBySide);
    bool isSideBySide() const;

    QPlainTextEdit* unified() const { return m_unified; }
    QPlainTextEdit* left() const { return m_left; }
    QPlainTextEdit* right() const { return m_right; }

    /** Whether KSyntaxHighlighting colours the diffs (else Freightdesk's own highlighter). */
    static bool usesKSyntaxHighlighting();

private:
    void highlight(QTextDocument* document);

    QStackedWidget* m_stack;
    QPlainTextEdit* m_unified;
    QPlainTextEdit* m_left;
    QPlainTextEdit* m_right;
    /** KSyntaxHighlighting's definitions, when the build has it. */
    struct Syntax;
    std::unique_ptr<Syntax> m_syntax;
};

/** The rows of a unified diff side by side: removed lines left, added right, context on both. */
struct SideBySideText final {
    QStringList left;
    QStringList right;
};
SideBySideText sideBySide(const QString& unifiedDiff);

} // namespace fd::ui
