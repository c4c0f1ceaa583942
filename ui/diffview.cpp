#include "diffview.h"

#include "diffhighlighter.h"
#include "palettes.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QStackedWidget>

#ifdef FREIGHTDESK_HAVE_KSYNTAXHIGHLIGHTING
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

namespace fd::ui {

struct DiffView::Syntax final {
#ifdef FREIGHTDESK_HAVE_KSYNTAXHIGHLIGHTING
    KSyntaxHighlighting::Repository repository;
#endif
};

namespace {

QPlainTextEdit* textPane(QWidget* parent, const QString& name) {
    auto* pane = new QPlainTextEdit(parent);
    pane->setReadOnly(true);
    pane->setLineWrapMode(QPlainTextEdit::NoWrap);
    pane->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    pane->setAccessibleName(name);
    return pane;
}

} // namespace

SideBySideText sideBySide(const QString& unifiedDiff) {
    SideBySideText rows;
    QStringList removed;
    QStringList added;
    const auto flush = [&] {
        for (qsizetype i = 0; i < std::max(removed.size(), added.size()); ++i) {
            rows.left.append(i < removed.size() ? removed.at(i) : QString());
            rows.right.append(i < added.size() ? added.at(i) : QString());
        }
        removed.clear();
        added.clear();
    };
    QString oldHeader;
    for (const QString& line : unifiedDiff.split(QLatin1Char('\n'))) {
        if (line.startsWith(QStringLiteral("--- "))) {
            flush();
            oldHeader = line;
        } else if (line.startsWith(QStringLiteral("+++ "))) {
            rows.left.append(oldHeader);
            rows.right.append(line);
        } else if (line.startsWith(QLatin1Char('-'))) {
            removed.append(line);
        } else if (line.startsWith(QLatin1Char('+'))) {
            added.append(line);
        } else if (line.startsWith(QStringLiteral("@@")) || line.startsWith(QLatin1Char(' '))) {
            flush();
            rows.left.append(line);
            rows.right.append(line);
        } else {
            flush(); // "diff --git", "index", "\ No newline at end of file", the last ""
        }
    }
    flush();
    return rows;
}

DiffView::DiffView(QWidget* parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_unified(textPane(this, tr("Unified diff")))
    , m_left(textPane(this, tr("Before")))
    , m_right(textPane(this, tr("After")))
    , m_syntax(std::make_unique<Syntax>()) {
    auto* sideBySide = new QWidget(this);
    auto* panes = new QHBoxLayout(sideBySide);
    panes->setContentsMargins(0, 0, 0, 0);
    panes->addWidget(m_left);
    panes->addWidget(m_right);
    m_stack->addWidget(m_unified);
    m_stack->addWidget(sideBySide);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    // The panes scroll together: their rows are aligned.
    for (auto [from, to] : {std::pair{m_left, m_right}, std::pair{m_right, m_left}}) {
        connect(from->verticalScrollBar(), &QScrollBar::valueChanged, to->verticalScrollBar(),
                &QScrollBar::setValue);
        connect(from->horizontalScrollBar(), &QScrollBar::valueChanged, to->horizontalScrollBar(),
                &QScrollBar::setValue);
    }
    for (QPlainTextEdit* pane : {m_unified, m_left, m_right})
        highlight(pane->document());
}

DiffView::~DiffView() = default;

bool DiffView::usesKSyntaxHighlighting() {
#ifdef FREIGHTDESK_HAVE_KSYNTAXHIGHLIGHTING
    return true;
#else
    return false;
#endif
}

void DiffView::highlight(QTextDocument* document) {
#ifdef FREIGHTDESK_HAVE_KSYNTAXHIGHLIGHTING
    auto* highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document);
    highlighter->setDefinition(m_syntax->repository.definitionForName(QStringLiteral("Diff")));
    highlighter->setTheme(m_syntax->repository.defaultTheme(
        isDark(palette()) ? KSyntaxHighlighting::Repository::DarkTheme
                          : KSyntaxHighlighting::Repository::LightTheme));
#else
    new DiffHighlighter(DiffHighlighter::Mode::Diff, document, isDark(palette()));
#endif
}

void DiffView::setFiles(const QList<core::ReviewedFile>& files) {
    QString unified;
    for (const core::ReviewedFile& file : files)
        unified += file.diff;
    const SideBySideText rows = sideBySide(unified);
    m_unified->setPlainText(unified);
    m_left->setPlainText(rows.left.join(QLatin1Char('\n')));
    m_right->setPlainText(rows.right.join(QLatin1Char('\n')));
}

void DiffView::setPlaceholder(const QString& text) {
    for (QPlainTextEdit* pane : {m_unified, m_left, m_right})
        pane->setPlainText(text);
}

void DiffView::setSideBySide(bool sideBySide) {
    m_stack->setCurrentIndex(sideBySide ? 1 : 0);
}

bool DiffView::isSideBySide() const {
    return m_stack->currentIndex() == 1;
}

} // namespace fd::ui
