#include "diffhighlighter.h"

#include <QRegularExpression>

namespace fd::ui {

DiffHighlighter::DiffHighlighter(Mode mode, QTextDocument* document)
    : QSyntaxHighlighter(document)
    , m_mode(mode) {
    // Mid-tone colours that read on light and dark palettes alike.
    m_added.setForeground(QColor(0x2e, 0x9d, 0x4f));
    m_added.setBackground(QColor(0x2e, 0x9d, 0x4f, 40));
    m_removed.setForeground(QColor(0xd0, 0x44, 0x3a));
    m_removed.setBackground(QColor(0xd0, 0x44, 0x3a, 40));
    m_hunk.setForeground(QColor(0x3a, 0x8f, 0xd0));
    m_header.setFontWeight(QFont::Bold);
    m_key.setForeground(QColor(0x8a, 0x5c, 0xd0));
    m_scalar.setForeground(QColor(0xc0, 0x80, 0x20));
    m_comment.setForeground(QColor(0x80, 0x80, 0x80));
    m_comment.setFontItalic(true);
}

void DiffHighlighter::highlightBlock(const QString& text) {
    if (m_mode == Mode::Yaml)
        return highlightYaml(text, 0);
    if (text.startsWith(QStringLiteral("+++")) || text.startsWith(QStringLiteral("---")) ||
        text.startsWith(QStringLiteral("diff ")) || text.startsWith(QStringLiteral("index "))) {
        setFormat(0, int(text.size()), m_header);
        return;
    }
    if (text.startsWith(QStringLiteral("@@"))) {
        setFormat(0, int(text.size()), m_hunk);
        return;
    }
    if (text.startsWith(QLatin1Char('+')) || text.startsWith(QLatin1Char('-'))) {
        setFormat(0, int(text.size()), text.startsWith(QLatin1Char('+')) ? m_added : m_removed);
        highlightYaml(text.mid(1), 1);
        return;
    }
    highlightYaml(text.mid(1), 1);
}

void DiffHighlighter::highlightYaml(const QString& text, int offset) {
    // Overlays keep the line's background (added or removed) and change the foreground only.
    const auto overlay = [this, offset](int start, int length, const QTextCharFormat& with) {
        for (int i = start; i < start + length; ++i) {
            QTextCharFormat merged = format(offset + i);
            merged.setForeground(with.foreground());
            merged.setFontItalic(with.fontItalic());
            setFormat(offset + i, 1, merged);
        }
    };
    static const QRegularExpression keyPattern(
        QStringLiteral(R"(^(\s*(?:-\s+)?)("[^"]*"|'[^']*'|[^\s#:'"][^#:]*?)\s*:(?=\s|$))"));
    static const QRegularExpression itemPattern(QStringLiteral(R"(^\s*-\s+)"));
    qsizetype comment = -1;
    // A # starts a comment at the line's start or after a space, outside quotes.
    QChar quote;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            quote = c;
        } else if (c == QLatin1Char('#') && (i == 0 || text.at(i - 1).isSpace())) {
            comment = i;
            break;
        }
    }
    const QString code = comment >= 0 ? text.left(comment) : text;
    int valueStart = 0;
    if (const auto match = keyPattern.match(code); match.hasMatch()) {
        overlay(int(match.capturedStart(2)), int(match.capturedLength(2)), m_key);
        valueStart = int(match.capturedEnd(0));
    } else if (const auto item = itemPattern.match(code); item.hasMatch()) {
        valueStart = int(item.capturedEnd(0));
    } else {
        valueStart = int(code.size());
    }
    int start = valueStart;
    while (start < code.size() && code.at(start).isSpace())
        ++start;
    int end = int(code.size());
    while (end > start && code.at(end - 1).isSpace())
        --end;
    if (end > start)
        overlay(start, end - start, m_scalar);
    if (comment >= 0)
        overlay(int(comment), int(text.size() - comment), m_comment);
}

} // namespace fd::ui
