<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>LibraryCommands</name>
    <message numerus="yes">
        <source>%n folders removed</source>
        <translation><numerusform>%n folder removed</numerusform><numerusform>%n folders removed</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n feeds removed</source>
        <translation><numerusform>%n feed removed</numerusform><numerusform>%n feeds removed</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Remove %n feeds and folders? Their saved articles are kept.</source>
        <translation><numerusform>Remove %n feed or folder? Its saved articles are kept.</numerusform><numerusform>Remove %n feeds and folders? Their saved articles are kept.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Remove the folder “%1” and its %n feeds? Their saved articles are kept.</source>
        <translation><numerusform>Remove the folder “%1” and its %n feed? Its saved articles are kept.</numerusform><numerusform>Remove the folder “%1” and its %n feeds? Their saved articles are kept.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n feeds added</source>
        <translation><numerusform>%n feed added</numerusform><numerusform>%n feeds added</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation><numerusform>%n skipped</numerusform><numerusform>%n skipped</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n Vietnamese news feeds added</source>
        <translation><numerusform>%n Vietnamese news feed added</numerusform><numerusform>%n Vietnamese news feeds added</numerusform></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n Vietnamese news feeds were added to get you started.</source>
        <translation><numerusform>%n Vietnamese news feed was added to get you started.</numerusform><numerusform>%n Vietnamese news feeds were added to get you started.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n new articles</source>
        <translation><numerusform>%n new article</numerusform><numerusform>%n new articles</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n feeds failed</source>
        <translation><numerusform>%n feed failed</numerusform><numerusform>%n feeds failed</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n accounts failed to sync</source>
        <translation><numerusform>%n account failed to sync</numerusform><numerusform>%n accounts failed to sync</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n articles found</source>
        <translation><numerusform>%n article found</numerusform><numerusform>%n articles found</numerusform></translation>
    </message>
</context>
<context>
    <name>ReadingCommands</name>
    <message numerus="yes">
        <source>%n articles marked unread</source>
        <translation><numerusform>%n article marked unread</numerusform><numerusform>%n articles marked unread</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n articles marked read</source>
        <translation><numerusform>%n article marked read</numerusform><numerusform>%n articles marked read</numerusform></translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation><numerusform>%n min ago</numerusform><numerusform>%n min ago</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation><numerusform>%n h ago</numerusform><numerusform>%n h ago</numerusform></translation>
    </message>
</context>
<context>
    <name>Sections</name>
    <message numerus="yes">
        <source>%n feeds failed to refresh</source>
        <translation><numerusform>%n feed failed to refresh</numerusform><numerusform>%n feeds failed to refresh</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation><numerusform>%n unread</numerusform><numerusform>%n unread</numerusform></translation>
    </message>
</context>
<context>
    <name>SearchController</name>
    <message numerus="yes">
        <source>the %n best shown</source>
        <translation><numerusform>the best shown</numerusform><numerusform>the %n best shown</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>the %n newest shown</source>
        <translation><numerusform>the newest shown</numerusform><numerusform>the %n newest shown</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n articles found</source>
        <translation><numerusform>%n article found</numerusform><numerusform>%n articles found</numerusform></translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message numerus="yes">
        <source>Among recent articles, this rule would catch %n</source>
        <translation><numerusform>Among recent articles, this rule would catch %n</numerusform><numerusform>Among recent articles, this rule would catch %n</numerusform></translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message numerus="yes">
        <source>%n new articles</source>
        <translation><numerusform>%n new article</numerusform><numerusform>%n new articles</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation><numerusform>%n unread</numerusform><numerusform>%n unread</numerusform></translation>
    </message>
</context>
</TS>