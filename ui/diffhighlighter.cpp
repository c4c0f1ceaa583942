#include "diffhighlighter.h"

#include <QRegularExpression>

namespace fd::ui {

DiffHighlighter::DiffHighlighter(Mode mode, QTextDocument* document, bool dark)
    : QSyntaxHighlighter(document)
    , m_mode(mode) {
    // Darker tones on a light base, lighter ones on a dark base: both keep a readable contrast.
    const QColor added = dark ? QColor(0x56, 0xd3, 0x64) : QColor(0x1a, 0x7f, 0x37);
    const QColor removed = dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xcf, 0x22, 0x2e);
    m_added.setForeground(added);
    m_added.setBackground(QColor(added.red(), added.green(), added.blue(), dark ? 50 : 40));
    m_removed.setForeground(removed);
    m_removed.setBackground(QColor(removed.red(), removed.green(), removed.blue(), dark ? 50 : 40));
    m_hunk.setForeground(dark ? QColor(0x79, 0xc0, 0xff) : QColor(0x09, 0x69, 0xda));
    m_header.setFontWeight(QFont::Bold);
    m_key.setForeground(dark ? QColor(0xd2, 0xa8, 0xff) : QColor(0x82, 0x50, 0xdf));
    m_scalar.setForeground(dark ? QColor(0xe3, 0xb3, 0x41) : QColor(0x9a, 0x67, 0x00));
    m_comment.setForeground(dark ? QColor(0x8b, 0x94, 0x9e) : QColor(0x6e, 0x77, 0x81));
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
