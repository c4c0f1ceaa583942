#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace fd::ui {

/**
 * Freightdesk's own highlighting of a values-file review, used when the build has no
 * KSyntaxHighlighting: in Diff mode the +/-/@@ lines and file headers, then YAML inside each
 * line (keys, scalars, comments); in Yaml mode the YAML alone. The +/- stay in the text: colour is
 * never the only sign of a change.
 */
class DiffHighlighter final : public QSyntaxHighlighter {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiffHighlighter)

public:
    enum class Mode { Diff, Yaml };

    /** @p dark: colours for text on a dark base (palettes.h isDark()). */
    DiffHighlighter(Mode mode, QTextDocument* document, bool dark = false);

    /** The formats, for tests and for the side-by-side panes' line backgrounds. */
    QTextCharFormat added() const { return m_added; }
    QTextCharFormat removed() const { return m_removed; }
    QTextCharFormat hunk() const { return m_hunk; }
    QTextCharFormat key() const { return m_key; }
    QTextCharFormat scalar() const { return m_scalar; }
    QTextCharFormat comment() const { return m_comment; }

protected:
    void highlightBlock(const QString& text) override;

private:
    void highlightYaml(const QString& text, int offset);

    Mode m_mode;
    QTextCharFormat m_added;
    QTextCharFormat m_removed;
    QTextCharFormat m_hunk;
    QTextCharFormat m_header;
    QTextCharFormat m_key;
    QTextCharFormat m_scalar;
    QTextCharFormat m_comment;
};

} // namespace fd::ui
