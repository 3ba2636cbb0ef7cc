<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AccountDialog</name>
    <message>
        <source>Add account</source>
        <translation>Thêm tài khoản</translation>
    </message>
    <message>
        <source>Find out</source>
        <translation>Tự nhận biết</translation>
    </message>
    <message>
        <source>Google Reader API</source>
        <translation>API Google Reader</translation>
    </message>
    <message>
        <source>Fever API</source>
        <translation>API Fever</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Thử</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>API address:</source>
        <translation>Địa chỉ API:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Người dùng:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mật khẩu:</translation>
    </message>
    <message>
        <source>API:</source>
        <translation>API:</translation>
    </message>
    <message>
        <source>A FreshRSS, Miniflux, Inoreader, The Old Reader, BazQux or Fever server. The password is kept in the system keyring.</source>
        <translation>Máy chủ FreshRSS, Miniflux, Inoreader, The Old Reader, BazQux hoặc Fever. Mật khẩu được giữ trong kho khóa của hệ thống.</translation>
    </message>
    <message>
        <source>Type the API address, the user name and the password.</source>
        <translation>Hãy nhập địa chỉ API, tên người dùng và mật khẩu.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Đang kết nối…</translation>
    </message>
    <message>
        <source>Connected: the server speaks the %1.</source>
        <translation>Đã kết nối: máy chủ dùng %1.</translation>
    </message>
    <message>
        <source>Connecting and syncing…</source>
        <translation>Đang kết nối và đồng bộ…</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>Add a&amp;ccount…</source>
        <translation>Thêm &amp;tài khoản…</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
        <source>Mark ne&amp;wer as read</source>
        <translation>Đánh dấu bài &amp;mới hơn là đã đọc</translation>
    </message>
    <message>
        <source>Mark ol&amp;der as read</source>
        <translation>Đánh dấu bài &amp;cũ hơn là đã đọc</translation>
    </message>
    <message>
        <source>Article list &amp;pane</source>
        <translation>Ngăn danh sách &amp;bài</translation>
    </message>
    <message>
        <source>S&amp;ections pane</source>
        <translation>Ngăn &amp;nguồn tin</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>Đ&amp;i tới</translation>
    </message>
    <message>
        <source>&amp;Article</source>
        <translation>&amp;Bài viết</translation>
    </message>
    <message>
        <source>Fee&amp;d</source>
        <translation>&amp;Nguồn tin</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Trợ &amp;giúp</translation>
    </message>
    <message>
        <source>&amp;Add feed…</source>
        <translation>&amp;Thêm nguồn tin…</translation>
    </message>
    <message>
        <source>&amp;Import OPML…</source>
        <translation>&amp;Nhập OPML…</translation>
    </message>
    <message>
        <source>&amp;Export OPML…</source>
        <translation>&amp;Xuất OPML…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Cài đặt…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>T&amp;hoát</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Tìm kiếm</translation>
    </message>
    <message>
        <source>&amp;Leave search</source>
        <translation>Thoát tìm &amp;kiếm</translation>
    </message>
    <message>
        <source>&amp;Bigger text</source>
        <translation>Chữ &amp;to hơn</translation>
    </message>
    <message>
        <source>S&amp;maller text</source>
        <translation>Chữ &amp;nhỏ hơn</translation>
    </message>
    <message>
        <source>&amp;Normal text size</source>
        <translation>Cỡ chữ &amp;mặc định</translation>
    </message>
    <message>
        <source>&amp;Next article</source>
        <translation>Bài &amp;tiếp theo</translation>
    </message>
    <message>
        <source>&amp;Previous article</source>
        <translation>Bài t&amp;rước</translation>
    </message>
    <message>
        <source>Next &amp;unread</source>
        <translation>Bài &amp;chưa đọc tiếp theo</translation>
    </message>
    <message>
        <source>Previous u&amp;nread</source>
        <translation>Bài chưa đọc &amp;phía trước</translation>
    </message>
    <message>
        <source>Page down, then next unread</source>
        <translation>Cuộn xuống, hết bài thì sang bài chưa đọc</translation>
    </message>
    <message>
        <source>Page up</source>
        <translation>Cuộn lên</translation>
    </message>
    <message>
        <source>Go to &amp;Latest</source>
        <translation>Đến &amp;Mới nhất</translation>
    </message>
    <message>
        <source>Go to U&amp;nread</source>
        <translation>Đến &amp;Chưa đọc</translation>
    </message>
    <message>
        <source>Go to &amp;Saved</source>
        <translation>Đến Đã &amp;lưu</translation>
    </message>
    <message>
        <source>Next &amp;feed</source>
        <translation>&amp;Nguồn tin tiếp theo</translation>
    </message>
    <message>
        <source>Previous f&amp;eed</source>
        <translation>Nguồn tin t&amp;rước</translation>
    </message>
    <message>
        <source>&amp;Open in browser</source>
        <translation>&amp;Mở trong trình duyệt</translation>
    </message>
    <message>
        <source>Mark &amp;read / unread</source>
        <translation>Đánh dấu đã &amp;đọc / chưa đọc</translation>
    </message>
    <message>
        <source>&amp;Save / unsave</source>
        <translation>&amp;Lưu / bỏ lưu</translation>
    </message>
    <message>
        <source>Mark &amp;all read</source>
        <translation>Đánh dấu &amp;tất cả đã đọc</translation>
    </message>
    <message>
        <source>&amp;Refresh this feed</source>
        <translation>&amp;Làm mới nguồn tin này</translation>
    </message>
    <message>
        <source>Refresh &amp;all feeds</source>
        <translation>Làm mới &amp;tất cả nguồn tin</translation>
    </message>
    <message>
        <source>Refresh what is &amp;due</source>
        <translation>Làm mới những nguồn &amp;đến hạn</translation>
    </message>
    <message>
        <source>&amp;Pause / resume this feed</source>
        <translation>&amp;Tạm dừng / tiếp tục nguồn tin này</translation>
    </message>
    <message>
        <source>Refresh &amp;interval…</source>
        <translation>&amp;Chu kỳ làm mới…</translation>
    </message>
    <message>
        <source>Save this searc&amp;h…</source>
        <translation>&amp;Lưu tìm kiếm này…</translation>
    </message>
    <message>
        <source>R&amp;ules…</source>
        <translation>&amp;Quy tắc…</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>Đổi &amp;tên…</translation>
    </message>
    <message>
        <source>&amp;Move to folder…</source>
        <translation>&amp;Chuyển vào thư mục…</translation>
    </message>
    <message>
        <source>Remo&amp;ve…</source>
        <translation>&amp;Xóa…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Phím tắt</translation>
    </message>
    <message>
        <source>&amp;About Newsreader</source>
        <translation>&amp;Giới thiệu Newsreader</translation>
    </message>
    <message>
        <source>Add to application &amp;menu</source>
        <translation>Thêm vào &amp;menu ứng dụng</translation>
    </message>
    <message>
        <source>Load &amp;full article</source>
        <translation>Tải &amp;toàn bộ bài viết</translation>
    </message>
    <message>
        <source>Mark read, next unrea&amp;d</source>
        <translation>Đánh dấu đã đọc, tin chưa đọc tiếp &amp;theo</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Lùi lại</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>&amp;Tiến tới</translation>
    </message>
    <message>
        <source>&amp;Go to…</source>
        <translation>Đi đến…</translation>
    </message>
</context>
<context>
    <name>AddFeedDialog</name>
    <message>
        <source>Whole news site: add its feeds and its sections (Thời sự, Kinh tế…)</source>
        <translation>Cả trang báo: thêm các nguồn tin và các chuyên mục (Thời sự, Kinh tế…)</translation>
    </message>
    <message>
        <source>For a site&apos;s home page: every section becomes a feed in the site&apos;s folder, even sections that publish no feed.</source>
        <translation>Với trang chủ của một tờ báo: mỗi chuyên mục thành một nguồn tin trong thư mục của báo, kể cả chuyên mục không có RSS.</translation>
    </message>
    <message>
        <source>Reading the site&apos;s sections…</source>
        <translation>Đang đọc các chuyên mục của trang…</translation>
    </message>
    <message>
        <source>No feed here; reading the page&apos;s headlines…</source>
        <translation>Không có RSS ở đây; đang đọc các tiêu đề trên trang…</translation>
    </message>
    <message>
        <source>No feed and no article links were found here.</source>
        <translation>Không tìm thấy nguồn tin hay liên kết bài viết nào ở đây.</translation>
    </message>
    <message>
        <source>Add feed</source>
        <translation>Thêm nguồn tin</translation>
    </message>
    <message>
        <source>(No folder)</source>
        <translation>(Không thuộc thư mục nào)</translation>
    </message>
    <message>
        <source>Use the feed's own name</source>
        <translation>Dùng tên gốc của nguồn tin</translation>
    </message>
    <message>
        <source>This page names several feeds. Choose one:</source>
        <translation>Trang này có nhiều nguồn tin. Hãy chọn một:</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Địa chỉ:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Thư mục:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Tên:</translation>
    </message>
    <message>
        <source>The address of a feed, or of a news site or page that has one.</source>
        <translation>Địa chỉ của một nguồn tin (RSS, Atom), hoặc của trang báo có nguồn tin.</translation>
    </message>
    <message>
        <source>Type the address of a feed or a web page.</source>
        <translation>Hãy nhập địa chỉ của nguồn tin hoặc của trang web.</translation>
    </message>
    <message>
        <source>Looking for feeds…</source>
        <translation>Đang tìm nguồn tin…</translation>
    </message>
    <message>
        <source>No feed was found at this address.</source>
        <translation>Không tìm thấy nguồn tin nào ở địa chỉ này.</translation>
    </message>
    <message>
        <source>Subscribe</source>
        <translation>Theo dõi</translation>
    </message>
    <message>
        <source>Subscribing…</source>
        <translation>Đang thêm nguồn tin…</translation>
    </message>
    <message>
        <source>User name (private feeds only)</source>
        <translation>Tên đăng nhập (chỉ nguồn tin riêng tư)</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>Login:</source>
        <translation>Đăng nhập:</translation>
    </message>
</context>
<context>
    <name>Keymap</name>
    <message>
        <source> or </source>
        <translation> hoặc </translation>
    </message>
    <message>
        <source>%1 is used by more than one action: %2</source>
        <translation>Phím %1 đang được dùng cho nhiều thao tác: %2</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Phím</translation>
    </message>
    <message>
        <source>This key is also used by another action</source>
        <translation>Phím này cũng đang được dùng cho thao tác khác</translation>
    </message>
</context>
<context>
    <name>LibraryCommands</name>
    <message numerus="yes">
        <source>%n folders removed</source>
        <translation><numerusform>Đã xoá %n thư mục</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n feeds removed</source>
        <translation><numerusform>Đã xoá %n nguồn tin</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Remove %n feeds and folders? Their saved articles are kept.</source>
        <translation><numerusform>Xoá %n nguồn tin và thư mục? Các bài đã lưu vẫn được giữ.</numerusform></translation>
    </message>
    <message>
        <source>Remove feeds</source>
        <translation>Xoá nguồn tin</translation>
    </message>
    <message numerus="yes">
        <source>Remove the folder “%1” and its %n feeds? Their saved articles are kept.</source>
        <translation><numerusform>Xoá thư mục “%1” cùng %n nguồn tin trong đó? Các bài đã lưu vẫn được giữ.</numerusform></translation>
    </message>
    <message>
        <source>Their articles arrive with the refresh that starts now.</source>
        <translation>Bài viết của chúng sẽ về trong lần làm mới bắt đầu ngay bây giờ.</translation>
    </message>
    <message>
        <source>Folders: %1</source>
        <translation>Thư mục: %1</translation>
    </message>
    <message>
        <source>Remove the account “%1”? Its feeds and articles leave this computer (saved articles are kept); nothing changes on the server.</source>
        <translation>Xóa tài khoản “%1”? Nguồn tin và bài viết của nó sẽ bị xóa khỏi máy này (bài đã lưu được giữ lại); trên máy chủ không có gì thay đổi.</translation>
    </message>
    <message>
        <source>Remove account</source>
        <translation>Xóa tài khoản</translation>
    </message>
    <message>
        <source>Added %1, but its sync failed: %2</source>
        <translation>Đã thêm %1, nhưng đồng bộ bị lỗi: %2</translation>
    </message>
    <message>
        <source>Added %1: %2 articles</source>
        <translation>Đã thêm %1: %2 bài</translation>
    </message>
    <message>
        <source>Added %1: %2 sections</source>
        <translation>Đã thêm %1: %2 chuyên mục</translation>
    </message>
    <message>
        <source>Subscribed to %1 (%2 articles)</source>
        <translation>Đã theo dõi %1 (%2 bài)</translation>
    </message>
    <message>
        <source>The file is too large for a subscription list</source>
        <translation>Tệp quá lớn, không phải là danh sách nguồn tin</translation>
    </message>
    <message>
        <source>Importing subscriptions…</source>
        <translation>Đang nhập danh sách nguồn tin…</translation>
    </message>
    <message numerus="yes">
        <source>%n feeds added</source>
        <translation><numerusform>Đã thêm %n nguồn tin</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation><numerusform>bỏ qua %n</numerusform></translation>
    </message>
    <message>
        <source>Import subscriptions</source>
        <translation>Nhập danh sách nguồn tin</translation>
    </message>
    <message numerus="yes">
        <source>%n Vietnamese news feeds added</source>
        <translation><numerusform>Đã thêm %n nguồn tin báo Việt Nam</numerusform></translation>
    </message>
    <message>
        <source>Subscriptions exported to %1</source>
        <translation>Đã xuất danh sách nguồn tin ra %1</translation>
    </message>
    <message>
        <source>Rename feed</source>
        <translation>Đổi tên nguồn tin</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Tên:</translation>
    </message>
    <message>
        <source>Rename folder</source>
        <translation>Đổi tên thư mục</translation>
    </message>
    <message>
        <source>Remove the feed “%1”? Its saved articles are kept.</source>
        <translation>Xóa nguồn tin “%1”? Các bài đã lưu vẫn được giữ lại.</translation>
    </message>
    <message>
        <source>Remove feed</source>
        <translation>Xóa nguồn tin</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Remove the folder “%1”? Its feeds are kept, outside any folder.</source>
        <translation>Xóa thư mục “%1”? Các nguồn tin trong đó vẫn được giữ, nằm ngoài thư mục.</translation>
    </message>
    <message>
        <source>Remove folder</source>
        <translation>Xóa thư mục</translation>
    </message>
    <message>
        <source>User-Agent</source>
        <translation>User-Agent</translation>
    </message>
    <message>
        <source>User-Agent sent for this feed (empty: Newsreader's own):</source>
        <translation>User-Agent gửi cho nguồn tin này (để trống: của Newsreader):</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Refresh this folder</source>
        <translation>&amp;Làm mới thư mục này</translation>
    </message>
    <message>
        <source>You are offline: no feed could be reached (%1).</source>
        <translation>Bạn đang ngoại tuyến: không kết nối được nguồn tin nào (%1).</translation>
    </message>
    <message>
        <source>Start empty</source>
        <translation>Bắt đầu trống</translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>Giữ lại</translation>
    </message>
    <message numerus="yes">
        <source>%n Vietnamese news feeds were added to get you started.</source>
        <translation><numerusform>Đã thêm %n nguồn tin Việt Nam để bạn bắt đầu.</numerusform></translation>
    </message>
    <message>
        <source>“%1” could not be refreshed: %2 — %3</source>
        <translation>Không làm mới được “%1”: %2 — %3</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>The articles already here can still be read.</source>
        <translation>Bạn vẫn đọc được các bài đã có.</translation>
    </message>
    <message>
        <source>(%1)</source>
        <translation>(%1)</translation>
    </message>
    <message>
        <source>You are offline: articles arrive with the next refresh online</source>
        <translation>Bạn đang ngoại tuyến: bài viết sẽ về ở lần làm mới tiếp theo khi có mạng</translation>
    </message>
    <message>
        <source>Fetching the latest articles…</source>
        <translation>Đang lấy các bài mới nhất…</translation>
    </message>
    <message>
        <source>This feed could not be refreshed (see above)</source>
        <translation>Không làm mới được nguồn tin này (xem phía trên)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Đang tải…</translation>
    </message>
    <message>
        <source>Loading your feeds…</source>
        <translation>Đang tải các nguồn tin…</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Không có gì để hoàn tác</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>Đã hoàn tác: %1</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Hoàn tác</translation>
    </message>
    <message>
        <source>Order of the search results</source>
        <translation>Thứ tự kết quả tìm kiếm</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>Mới nhất trước</translation>
    </message>
    <message>
        <source>Best match</source>
        <translation>Phù hợp nhất</translation>
    </message>
    <message>
        <source>Add the site&apos;s sections…</source>
        <translation>Thêm các chuyên mục của trang…</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>Thanh công cụ</translation>
    </message>
    <message>
        <source>Search articles  ( / )</source>
        <translation>Tìm bài viết  ( / )</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Ngoại tuyến</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Stop refreshing</source>
        <translation>Dừng làm mới</translation>
    </message>
    <message>
        <source>No feeds yet — press %1 or File → Add feed</source>
        <translation>Chưa có nguồn tin nào — nhấn %1 hoặc chọn Tệp → Thêm nguồn tin</translation>
    </message>
    <message>
        <source>No unread articles</source>
        <translation>Không còn bài nào chưa đọc</translation>
    </message>
    <message>
        <source>No articles in this feed yet</source>
        <translation>Nguồn tin này chưa có bài viết</translation>
    </message>
    <message>
        <source>No articles in this folder yet</source>
        <translation>Thư mục này chưa có bài viết</translation>
    </message>
    <message>
        <source>Add a feed to start reading</source>
        <translation>Hãy thêm một nguồn tin để bắt đầu đọc</translation>
    </message>
    <message>
        <source>No saved articles — press %1 on an article to keep it</source>
        <translation>Chưa lưu bài nào — nhấn %1 khi đang đọc một bài để lưu lại</translation>
    </message>
    <message>
        <source>No articles yet — press %1 to refresh</source>
        <translation>Chưa có bài viết — nhấn %1 để làm mới</translation>
    </message>
    <message>
        <source>Choose an article to read it.</source>
        <translation>Chọn một bài để đọc.</translation>
    </message>
    <message>
        <source>Refreshing…</source>
        <translation>Đang làm mới…</translation>
    </message>
    <message>
        <source>Refreshing %1 of %2 feeds…</source>
        <translation>Đang làm mới %1/%2 nguồn tin…</translation>
    </message>
    <message>
        <source>Refresh cancelled</source>
        <translation>Đã hủy làm mới</translation>
    </message>
    <message>
        <source>You are offline: no feed could be reached.</source>
        <translation>Bạn đang ngoại tuyến: không kết nối được nguồn tin nào.</translation>
    </message>
    <message numerus="yes">
        <source>%n new articles</source>
        <translation><numerusform>%n bài mới</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n feeds failed</source>
        <translation><numerusform>%n nguồn tin bị lỗi</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n accounts failed to sync</source>
        <translation><numerusform>%n tài khoản đồng bộ bị lỗi</numerusform></translation>
    </message>
    <message>
        <source>No articles match “%1”</source>
        <translation>Không có bài nào khớp với “%1”</translation>
    </message>
    <message numerus="yes">
        <source>%n articles found</source>
        <translation><numerusform>Tìm thấy %n bài</numerusform></translation>
    </message>
    <message>
        <source>Only web links (http, https) are opened.</source>
        <translation>Chỉ mở các liên kết web (http, https).</translation>
    </message>
    <message>
        <source>This folder has no feeds to refresh</source>
        <translation>Thư mục này không có nguồn tin nào để làm mới</translation>
    </message>
    <message>
        <source>A refresh is already running</source>
        <translation>Đang làm mới rồi, vui lòng đợi</translation>
    </message>
    <message>
        <source>%1 %2
A fast, keyboard-first newsreader that reads Vietnamese news well, online and offline.</source>
        <translation>%1 %2
Trình đọc tin nhanh, dùng bàn phím là chính, đọc tốt báo tiếng Việt, cả khi có mạng lẫn khi ngoại tuyến.</translation>
    </message>
    <message>
        <source>About Newsreader</source>
        <translation>Giới thiệu Newsreader</translation>
    </message>
    <message>
        <source>Notify of new articles</source>
        <translation>Thông báo khi có bài mới</translation>
    </message>
    <message>
        <source>User-Agent…</source>
        <translation>User-Agent…</translation>
    </message>
</context>
<context>
    <name>MessageBridge</name>
    <message>
        <source>Unexpected error: %1 (details are in the log)</source>
        <translation>Lỗi không mong đợi: %1 (chi tiết có trong nhật ký)</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <source>Import subscriptions</source>
        <translation>Nhập danh sách nguồn tin</translation>
    </message>
    <message>
        <source>OPML files (*.opml *.xml);;All files (*)</source>
        <translation>Tệp OPML (*.opml *.xml);;Mọi tệp (*)</translation>
    </message>
    <message>
        <source>Export subscriptions</source>
        <translation>Xuất danh sách nguồn tin</translation>
    </message>
    <message>
        <source>OPML files (*.opml)</source>
        <translation>Tệp OPML (*.opml)</translation>
    </message>
    <message>
        <source>(No folder)</source>
        <translation>(Không thuộc thư mục nào)</translation>
    </message>
    <message>
        <source>Move to folder</source>
        <translation>Chuyển vào thư mục</translation>
    </message>
    <message>
        <source>Folder (type a new name to create one):</source>
        <translation>Thư mục (gõ tên mới để tạo thư mục):</translation>
    </message>
</context>
<context>
    <name>QKeySequenceEdit</name>
    <message>
        <source>Press shortcut</source>
        <translation>Nhấn phím tắt</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Làm lại</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Cắt</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Sao chép</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Dán</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Chọn tất cả</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>Xem chi tiết...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Ẩn chi tiết...</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Có</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Không</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Trợ giúp</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Đặt lại</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Khôi phục mặc định</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Bỏ qua</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Sao chép</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Sao chép địa chỉ &amp;liên kết</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Chọn tất cả</translation>
    </message>
</context>
<context>
    <name>ReadingCommands</name>
    <message>
        <source>No unread articles here</source>
        <translation>Không còn bài chưa đọc ở đây</translation>
    </message>
    <message>
        <source>Open an article first</source>
        <translation>Hãy mở một bài trước</translation>
    </message>
    <message numerus="yes">
        <source>%n articles marked unread</source>
        <translation><numerusform>Đã đánh dấu %n bài là chưa đọc</numerusform></translation>
    </message>
    <message>
        <source>No web browser could be opened for %1</source>
        <translation>Không mở được trình duyệt cho %1</translation>
    </message>
    <message>
        <source>Opened in the web browser</source>
        <translation>Đã mở trong trình duyệt</translation>
    </message>
    <message>
        <source>Choose an article first (%1 / %2), then open it in the browser</source>
        <translation>Hãy chọn một bài trước (%1 / %2), rồi mở nó trong trình duyệt</translation>
    </message>
    <message>
        <source>Text size %1%</source>
        <translation>Cỡ chữ %1%</translation>
    </message>
    <message>
        <source>No more unread articles</source>
        <translation>Không còn bài nào chưa đọc</translation>
    </message>
    <message>
        <source>No earlier unread article</source>
        <translation>Không có bài chưa đọc nào ở phía trước</translation>
    </message>
    <message>
        <source>This article has no web address to open</source>
        <translation>Bài này không có địa chỉ web để mở</translation>
    </message>
    <message>
        <source>Saved for offline reading</source>
        <translation>Đã lưu để đọc khi không có mạng</translation>
    </message>
    <message>
        <source>No longer saved</source>
        <translation>Đã bỏ lưu</translation>
    </message>
    <message numerus="yes">
        <source>%n articles marked read</source>
        <translation><numerusform>Đã đánh dấu %n bài là đã đọc</numerusform></translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message>
        <source>just now</source>
        <translation>vừa xong</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation><numerusform>%n phút trước</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation><numerusform>%n giờ trước</numerusform></translation>
    </message>
    <message>
        <source>yesterday %1</source>
        <translation>hôm qua %1</translation>
    </message>
    <message>
        <source>d MMM</source>
        <translation>dd/MM</translation>
    </message>
    <message>
        <source>d MMM yyyy</source>
        <translation>dd/MM/yyyy</translation>
    </message>
</context>
<context>
    <name>Sections</name>
    <message>
        <source>A Fever server&apos;s subscriptions can only be changed on the server itself.</source>
        <translation>Danh sách nguồn tin của máy chủ Fever chỉ có thể thay đổi trên chính máy chủ đó.</translation>
    </message>
    <message>
        <source>This feed has no articles: the site may list them only on its web pages. Right-click → Add the site&apos;s sections.</source>
        <translation>Nguồn tin này không có bài: trang báo có thể chỉ đăng bài trên các trang chuyên mục. Nhấp chuột phải → Thêm các chuyên mục của trang.</translation>
    </message>
    <message>
        <source>Latest</source>
        <translation>Mới nhất</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>Chưa đọc</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Đã lưu</translation>
    </message>
    <message numerus="yes">
        <source>%n feeds failed to refresh</source>
        <translation><numerusform>%n nguồn tin làm mới bị lỗi</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation><numerusform>%n bài chưa đọc</numerusform></translation>
    </message>
    <message>
        <source>Last refresh failed: %1</source>
        <translation>Lần làm mới gần nhất bị lỗi: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Đọc tin</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Giao diện</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>Bàn phím</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Lưu trữ</translation>
    </message>
    <message>
        <source> min</source>
        <translation> phút</translation>
    </message>
    <message>
        <source>Only when I ask</source>
        <translation>Chỉ khi tôi yêu cầu</translation>
    </message>
    <message>
        <source>Opening an article marks it read</source>
        <translation>Mở bài viết thì đánh dấu là đã đọc</translation>
    </message>
    <message>
        <source>Show pictures in the article list</source>
        <translation>Hiện ảnh trong danh sách bài</translation>
    </message>
    <message>
        <source>Refresh every:</source>
        <translation>Tự làm mới sau mỗi:</translation>
    </message>
    <message>
        <source>Article text size:</source>
        <translation>Cỡ chữ bài viết:</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Theo hệ thống</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Sáng</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Tối</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>Chế độ màu:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Ngôn ngữ:</translation>
    </message>
    <message>
        <source>Double-click a key to change it, then press the new keys.</source>
        <translation>Nhấp đúp vào một phím để đổi, rồi nhấn tổ hợp phím mới.</translation>
    </message>
    <message>
        <source>No key</source>
        <translation>Bỏ phím</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Mặc định</translation>
    </message>
    <message>
        <source>Restore all defaults</source>
        <translation>Khôi phục tất cả mặc định</translation>
    </message>
    <message>
        <source> days</source>
        <translation> ngày</translation>
    </message>
    <message>
        <source>Saved articles and their pictures are always kept.</source>
        <translation>Bài đã lưu và ảnh của chúng luôn được giữ lại.</translation>
    </message>
    <message>
        <source>Keep read articles for:</source>
        <translation>Giữ bài đã đọc trong:</translation>
    </message>
    <message>
        <source>Articles kept per feed:</source>
        <translation>Số bài giữ lại cho mỗi nguồn tin:</translation>
    </message>
    <message>
        <source>Unread articles kept per feed:</source>
        <translation>Số bài chưa đọc giữ lại cho mỗi nguồn tin:</translation>
    </message>
    <message>
        <source>Picture cache size:</source>
        <translation>Dung lượng bộ nhớ đệm ảnh:</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Mạng</translation>
    </message>
    <message>
        <source>Closing the window keeps Newsreader in the system tray</source>
        <translation>Đóng cửa sổ thì Newsreader vẫn chạy ở khay hệ thống</translation>
    </message>
    <message>
        <source>The system's proxy</source>
        <translation>Proxy của hệ thống</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>Không dùng proxy</translation>
    </message>
    <message>
        <source>This proxy:</source>
        <translation>Proxy này:</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>Proxy:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Địa chỉ:</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Phím tắt</translation>
    </message>
    <message>
        <source>Change keys in Settings → Keyboard.</source>
        <translation>Đổi phím trong Cài đặt → Bàn phím.</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>The library was repaired</source>
        <translation>Thư viện đã được sửa chữa</translation>
    </message>
</context>
<context>
    <name>Notice</name>
    <message>
        <source>Dismiss</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>SearchController</name>
    <message numerus="yes">
        <source>the %n best shown</source>
        <translation><numerusform>hiện %n bài phù hợp nhất</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>the %n newest shown</source>
        <translation><numerusform>hiện %n bài mới nhất</numerusform></translation>
    </message>
    <message>
        <source>More than %1 articles found</source>
        <translation>Tìm thấy hơn %1 bài</translation>
    </message>
    <message numerus="yes">
        <source>%n articles found</source>
        <translation><numerusform>Tìm thấy %n bài</numerusform></translation>
    </message>
</context>
<context>
    <name>DailyCommands</name>
    <message>
        <source>Choose a feed to pause or resume</source>
        <translation>Hãy chọn một nguồn tin để tạm dừng hoặc tiếp tục</translation>
    </message>
    <message>
        <source>Feed paused: no refresh fetches it until you resume it</source>
        <translation>Đã tạm dừng nguồn tin: không lần làm mới nào tải nó cho đến khi bạn cho tiếp tục</translation>
    </message>
    <message>
        <source>Feed resumed</source>
        <translation>Đã tiếp tục nguồn tin</translation>
    </message>
    <message>
        <source>Choose a feed to set its refresh interval</source>
        <translation>Hãy chọn một nguồn tin để đặt chu kỳ làm mới</translation>
    </message>
    <message>
        <source>Refresh interval</source>
        <translation>Chu kỳ làm mới</translation>
    </message>
    <message>
        <source>Minutes between fetches (0: automatic):</source>
        <translation>Số phút giữa hai lần tải (0: tự động):</translation>
    </message>
    <message>
        <source>Type a whole number of minutes</source>
        <translation>Hãy nhập số phút là một số nguyên</translation>
    </message>
    <message>
        <source>A refresh is already running</source>
        <translation>Đang làm mới rồi, vui lòng đợi</translation>
    </message>
    <message>
        <source>Type a search first, then save it</source>
        <translation>Hãy gõ nội dung tìm kiếm trước, rồi lưu lại</translation>
    </message>
    <message>
        <source>Save search</source>
        <translation>Lưu tìm kiếm</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Tên:</translation>
    </message>
    <message>
        <source>Forget the saved search “%1”? No article is removed.</source>
        <translation>Bỏ tìm kiếm đã lưu “%1”? Không bài viết nào bị xóa.</translation>
    </message>
    <message>
        <source>Remove saved search</source>
        <translation>Bỏ tìm kiếm đã lưu</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Xóa</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <source>Rules</source>
        <translation>Quy tắc</translation>
    </message>
    <message>
        <source>&amp;Remove rule</source>
        <translation>&amp;Xóa quy tắc</translation>
    </message>
    <message>
        <source>words, "a phrase" or /regex/</source>
        <translation>từ khóa, "một cụm từ" hoặc /biểu thức chính quy/</translation>
    </message>
    <message>
        <source>Any folder</source>
        <translation>Mọi thư mục</translation>
    </message>
    <message>
        <source>&amp;Add rule</source>
        <translation>&amp;Thêm quy tắc</translation>
    </message>
    <message>
        <source>&amp;Match:</source>
        <translation>&amp;Khớp với:</translation>
    </message>
    <message>
        <source>&amp;In:</source>
        <translation>&amp;Trong:</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>Thư &amp;mục:</translation>
    </message>
    <message>
        <source>&amp;Then:</source>
        <translation>&amp;Thì:</translation>
    </message>
    <message>
        <source>Rules apply to articles as they arrive:</source>
        <translation>Quy tắc áp dụng cho bài viết khi chúng về:</translation>
    </message>
    <message>
        <source>Type something to match to see what it would catch.</source>
        <translation>Gõ nội dung cần khớp để xem quy tắc sẽ bắt được những bài nào.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>Sapo</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Tác giả</translation>
    </message>
    <message>
        <source>Anywhere</source>
        <translation>Bất kỳ đâu</translation>
    </message>
    <message>
        <source>Mark read</source>
        <translation>Đánh dấu đã đọc</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ẩn</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Highlight</source>
        <translation>Làm nổi bật</translation>
    </message>
    <message>
        <source>Notify</source>
        <translation>Thông báo</translation>
    </message>
    <message numerus="yes">
        <source>Among recent articles, this rule would catch %n</source>
        <translation><numerusform>Trong các bài gần đây, quy tắc này bắt được %n bài</numerusform></translation>
    </message>
</context>
<context>
    <name>DesktopMenuCommands</name>
    <message>
        <source>Add to the application menu?</source>
        <translation>Thêm vào menu ứng dụng?</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Để sau</translation>
    </message>
    <message>
        <source>Add to menu</source>
        <translation>Thêm vào menu</translation>
    </message>
    <message>
        <source>Could not add Newsreader to the application menu: %1</source>
        <translation>Không thể thêm Newsreader vào menu ứng dụng: %1</translation>
    </message>
    <message>
        <source>Newsreader can appear in your desktop's application menu, so you can start it without a terminal. You can do this later from File ▸ Add to application menu.</source>
        <translation>Newsreader có thể có mặt trong menu ứng dụng của máy, để bạn mở nó mà không cần cửa sổ dòng lệnh. Bạn cũng có thể làm việc này sau, trong Tệp ▸ Thêm vào menu ứng dụng.</translation>
    </message>
    <message>
        <source>Newsreader is in your application menu now (%1)</source>
        <translation>Newsreader đã có trong menu ứng dụng (%1)</translation>
    </message>
</context>
<context>
    <name>NetworkErrors</name>
    <message>
        <source>The server sent damaged compressed data ({encoding}).</source>
        <translation>Máy chủ gửi dữ liệu nén bị hỏng ({encoding}).</translation>
    </message>
    <message>
        <source>The answer ended too early (compressed with {encoding}).</source>
        <translation>Câu trả lời bị ngắt giữa chừng (nén bằng {encoding}).</translation>
    </message>
    <message>
        <source>The server compressed its answer in a way Newsreader cannot read ({encoding}).</source>
        <translation>Máy chủ nén câu trả lời theo cách Newsreader không đọc được ({encoding}).</translation>
    </message>
    <message>
        <source>The address sent us on to other addresses too many times (more than {limit}).</source>
        <translation>Địa chỉ này chuyển hướng sang địa chỉ khác quá nhiều lần (hơn {limit} lần).</translation>
    </message>
    <message>
        <source>The address sent us on to an address that is not a web address: {url}</source>
        <translation>Địa chỉ này chuyển hướng sang một địa chỉ không phải địa chỉ web: {url}</translation>
    </message>
    <message>
        <source>{url} sent us on to a local address, which only a feed you subscribed to yourself may use ({detail}).</source>
        <translation>{url} chuyển hướng sang một địa chỉ nội bộ; chỉ nguồn tin do chính bạn thêm mới được dùng địa chỉ như vậy ({detail}).</translation>
    </message>
    <message>
        <source>This is not a feed: the server sent {media}.</source>
        <translation>Đây không phải nguồn tin: máy chủ gửi về {media}.</translation>
    </message>
    <message>
        <source>The answer is too large (more than {size}).</source>
        <translation>Câu trả lời quá lớn (hơn {size}).</translation>
    </message>
    <message>
        <source>{host} did not answer completely within {seconds} seconds.</source>
        <translation>{host} không trả lời trọn vẹn trong vòng {seconds} giây.</translation>
    </message>
    <message>
        <source>The server said the page moved but not where to (HTTP {status}).</source>
        <translation>Máy chủ báo trang đã chuyển đi nhưng không cho biết chuyển tới đâu (HTTP {status}).</translation>
    </message>
    <message>
        <source>The server is busy (HTTP {status} {reason}) and asked us to wait {wait}.</source>
        <translation>Máy chủ đang bận (HTTP {status} {reason}) và yêu cầu chờ {wait}.</translation>
    </message>
    <message>
        <source>The server answered with an error: HTTP {status} {reason}.</source>
        <translation>Máy chủ trả lời bằng một lỗi: HTTP {status} {reason}.</translation>
    </message>
    <message>
        <source>{host} asked us to slow down; Newsreader tries again in {wait}.</source>
        <translation>{host} yêu cầu truy cập chậm lại; Newsreader sẽ thử lại sau {wait}.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Đã hủy.</translation>
    </message>
    <message>
        <source>This address has no host name: {url}</source>
        <translation>Địa chỉ này thiếu tên máy chủ: {url}</translation>
    </message>
    <message>
        <source>This is not a valid web address: {url} ({detail})</source>
        <translation>Đây không phải địa chỉ web hợp lệ: {url} ({detail})</translation>
    </message>
    <message>
        <source>This is not a valid web address: {url}</source>
        <translation>Đây không phải địa chỉ web hợp lệ: {url}</translation>
    </message>
    <message>
        <source>Only http and https addresses can be used, not {scheme}: {url}</source>
        <translation>Chỉ dùng được địa chỉ http và https, không dùng được {scheme}: {url}</translation>
    </message>
    <message>
        <source>The name {host} was not found: check the spelling, or whether you are online.</source>
        <translation>Không tìm thấy tên miền {host}: hãy kiểm tra lại chính tả, hoặc xem máy có đang kết nối mạng không.</translation>
    </message>
    <message>
        <source>Could not reach {host}: there is no network connection.</source>
        <translation>Không kết nối được tới {host}: máy không có kết nối mạng.</translation>
    </message>
    <message>
        <source>A secure (https) connection could not be made ({detail}).</source>
        <translation>Không tạo được kết nối bảo mật (https) ({detail}).</translation>
    </message>
    <message>
        <source>A secure (https) connection to {host} could not be made.</source>
        <translation>Không tạo được kết nối bảo mật (https) tới {host}.</translation>
    </message>
    <message>
        <source>The proxy failed while connecting to {host}.</source>
        <translation>Máy chủ proxy bị lỗi khi kết nối tới {host}.</translation>
    </message>
    <message>
        <source>{host} refused the connection.</source>
        <translation>{host} từ chối kết nối.</translation>
    </message>
    <message>
        <source>There is no route to {host}.</source>
        <translation>Không có đường truyền tới {host}.</translation>
    </message>
    <message>
        <source>{host} did not answer in time (connecting).</source>
        <translation>{host} không trả lời kịp (khi kết nối).</translation>
    </message>
    <message>
        <source>{host} stopped answering (waiting for the rest of the answer).</source>
        <translation>{host} ngừng trả lời (khi đang chờ phần còn lại).</translation>
    </message>
    <message>
        <source>{host} broke off the connection.</source>
        <translation>{host} đã ngắt kết nối.</translation>
    </message>
    <message>
        <source>{host} closed the connection before the answer was complete.</source>
        <translation>{host} đóng kết nối trước khi trả lời xong.</translation>
    </message>
    <message>
        <source>{host} closed the connection without answering.</source>
        <translation>{host} đóng kết nối mà không trả lời.</translation>
    </message>
    <message>
        <source>{host} sent an answer that is not valid HTTP.</source>
        <translation>{host} gửi về một câu trả lời không đúng chuẩn HTTP.</translation>
    </message>
    <message>
        <source>Could not connect to {host} ({detail}).</source>
        <translation>Không kết nối được tới {host} ({detail}).</translation>
    </message>
    <message>
        <source>This is not an image: {url}</source>
        <translation>Đây không phải hình ảnh: {url}</translation>
    </message>
    <message>
        <source>Could not reach {host}. Over https: {https_error} Over http: {http_error}</source>
        <translation>Không kết nối được tới {host}. Qua https: {https_error} Qua http: {http_error}</translation>
    </message>
    <message>
        <source>A network error occurred while talking to {host} ({detail}).</source>
        <translation>Có lỗi mạng khi kết nối với {host} ({detail}).</translation>
    </message>
</context>
<context>
    <name>FullArticleCommands</name>
    <message>
        <source>Choose an article first.</source>
        <translation>Hãy chọn một bài viết trước.</translation>
    </message>
    <message>
        <source>This article has no web address to load</source>
        <translation>Bài viết này không có địa chỉ web để tải</translation>
    </message>
    <message>
        <source>Loading the full article…</source>
        <translation>Đang tải toàn bộ bài viết…</translation>
    </message>
    <message>
        <source>Full article loaded</source>
        <translation>Đã tải toàn bộ bài viết</translation>
    </message>
    <message>
        <source>Could not load the full article: %1</source>
        <translation>Không tải được toàn bộ bài viết: %1</translation>
    </message>
</context>
<context>
    <name>EnclosureCommands</name>
    <message>
        <source>No application could open this file</source>
        <translation>Không có ứng dụng nào mở được tệp này</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>Đang tải về…</translation>
    </message>
    <message>
        <source>Downloaded: it plays offline now</source>
        <translation>Đã tải về: giờ có thể mở khi không có mạng</translation>
    </message>
    <message>
        <source>Could not download: %1</source>
        <translation>Không tải về được: %1</translation>
    </message>
</context>
<context>
    <name>GoToDialog</name>
    <message>
        <source>Go to</source>
        <translation>Đi đến</translation>
    </message>
    <message>
        <source>Feed, folder, section or saved search</source>
        <translation>Nguồn tin, thư mục, chuyên mục hoặc tìm kiếm đã lưu</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>&amp;Open Newsreader</source>
        <translation>&amp;Mở Newsreader</translation>
    </message>
    <message>
        <source>&amp;Refresh all feeds</source>
        <translation>&amp;Làm mới mọi nguồn tin</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
</context>
</TS>
