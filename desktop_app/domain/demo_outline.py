"""A province's report outline (*đề cương báo cáo*) as structured data, printed as the attachment of a
short covering plan: the "Đề cương" appendix of ND30_LAYOUT.md, for demos, tests and the user guide.

Transcribed from shared/samples/de_cuong_bao_cao_dai_hoi_nghe_an.txt. Only the copy mess is fixed: the
Word emphasis marks ("*…*", "**…**"), five paragraphs cut in two at a page end, "2023- 2028" in a
part's title and a doubled ";". The wording is kept, slips included ("xúng đáng", "Ban Nữ công nhân
chúng", "nhân nhân rộng"). The outline's own date line and signature line ("BAN CHẤP HÀNH LIÊN ĐOÀN LAO
ĐỘNGKHÓA", cut off in the sample) are not part of an appendix: the covering plan carries the date and
the signature. Parts ("PHẦN THỨ NHẤT") are unnumbered level-1 sections whose heading keeps the sample's
line breaks; "I." are level-1 sections, "1." level 2 and "2.1." level 3, as their numbers are derived.

The covering plan (number, date, wording, signer) is invented for the demo: the sample is the outline
alone.
"""

from __future__ import annotations

import datetime

from desktop_app.domain.documents import (
    Appendix,
    BasisLine,
    BodyNode,
    DocumentNumber,
    Header,
    ListItem,
    OfficialDocument,
    Paragraph,
    Recipients,
    Section,
    SignerBlock,
    Task,
    document_type,
)

__all__ = ["OUTLINE", "OUTLINE_BODY", "OUTLINE_TITLE", "PLAN_DAI_HOI_XIX"]


def _dashes(*texts: str) -> tuple[ListItem, ...]:
    """Dash items ("- …"), which most of the outline's lines are."""
    return tuple(ListItem(text) for text in texts)


OUTLINE_TITLE = (
    "Báo cáo của Ban Chấp hành Liên đoàn Lao động tỉnh Nghệ An khoá XVIII tại Đại hội XIX Công đoàn tỉnh "
    "Nghệ An (nhiệm kỳ 2023-2028)"
)

OUTLINE_BODY: tuple[BodyNode, ...] = (
    Section(
        "Chủ đề Đại hội: Tiếp tục đổi mới nội dung và phương thức hoạt động công đoàn; tập trung thực hiện tốt "
        "chức năng bảo vệ quyền lợi hợp pháp chính đáng của đoàn viên, người lao động; khẳng định là trung tâm tập "
        "hợp, đoàn kết giai cấp công nhân và người lao động, đóng góp xúng đáng vào mục tiêu đưa Nghệ An phát "
        "triển nhanh và bền vững",
        1,
        numbered=False,
    ),
    *_dashes(
        "Nêu bối cảnh diễn ra đại hội.",
    ),
    Section(
        "Phần thứ nhất\nKết quả thực hiện Nghị quyết Đại hội Công đoàn tỉnh Nghệ An khoá XVIII, nhiệm kỳ 2018-2023",
        1,
        (
            Section(
                "Tình hình kinh tế - xã hội – QPAN của tỉnh Nghệ An và đoàn viên, công nhân, viên chức, lao động:",
                1,
                (
                    Section(
                        "Tình hình kinh tế - xã hội – quốc phòng an ninh của tỉnh Nghệ An: Nêu những thuận lợi, "
                        "khó khăn; tình hình phát triển kinh tế - xã hội - quốc phòng an ninh của tỉnh.",
                        2,
                    ),
                    Section(
                        "Tình hình đoàn viên, công nhân, viên chức, lao động",
                        2,
                        _dashes(
                            "Số lượng;",
                            "Cơ cấu và chất lượng (cơ cấu, trình độ học vấn, nghề nghiệp, chính trị);",
                            "Lao động và việc làm;",
                            "Tiền lương, thu nhập và đời sống (vật chất, tinh thần);",
                            "Điều kiện sống (nhà ở, phương tiện đi lại....);",
                            "Điều kiện làm việc;",
                            "Quan hệ lao động, tranh chấp lao động và đình công;",
                            "Tình hình tư tưởng, tâm tư nguyện vọng.",
                        ),
                    ),
                ),
            ),
            Section(
                "Kết quả 5 năm thực hiện Nghị quyết Đại hội Công đoàn tỉnh Nghệ An khóa XVIII, nhiệm kỳ 2018 – 2023",
                1,
                (
                    Section(
                        "Thực hiện có hiệu quả chức năng đại diện, bảo vệ quyền, lợi ích hợp pháp, chính đáng của "
                        "đoàn viên, người lao động.",
                        2,
                        _dashes(
                            "Kết quả thực hiện chương trình số 2494/CTr-TLĐ, ngày 19/12/2018 về nâng cao hiệu quả "
                            "việc thực hiện các nhiệm vụ cho người lao động, bảo vệ quyền, lợi ích hợp pháp, chính "
                            "đáng của người lao động, giai đoạn 2018 – 2023.",
                            "Kết quả thực hiện Kế hoạch số 53/KH-LĐLĐ, ngày 19/08/2019 của LĐLĐ tỉnh Nghệ An, về "
                            "triển khai thực hiện Đề án “Nâng cao năng lực đối thoại và thương lượng tập thể, giai "
                            "đoạn 2019 – 2023” gắn với việc thực hiện Chương trình “Nâng cao chất lượng thương "
                            "lượng, ký kết và thực hiện có hiệu quả Thỏa ước lao động tập thể” của Tổng Liên đoàn "
                            "Lao động Việt Nam.",
                            "Kết quả xây dựng quan hệ lao động hài hòa, ổn định, tiến bộ trong doanh nghiệp gắn "
                            "với việc thực hiện Kế hoạch công đoàn tham gia phòng ngừa, giải quyết tranh chấp lao "
                            "động và đình công giai đoạn 2019 – 2023.",
                            "Kết quả phối hợp thực hiện Quy chế dân chủ ở cơ sở: Chỉ đạo tổ chức Hội nghị cán bộ "
                            "công chức, viên chức, Hội nghị người lao động và đối thoại tại nơi làm việc theo quy "
                            "định.",
                            "Kết quả hoạt động tuyên truyền, tư vấn pháp luật.",
                            "Kết quả công tác thanh tra, kiểm tra, giám sát việc thực hiện chế độ, chính sách của "
                            "đoàn viên, người lao động; phản biện xã hội.",
                            "Kết quả phong trào thi đua “Xanh - Sạch - Đẹp, bảo đảm an toàn vệ sinh lao động”. "
                            "Hoạt động hưởng ứng “Tháng hành động về An toàn vệ sinh lao động” hàng năm.",
                        ),
                    ),
                    Section(
                        "Công tác chăm lo cho đoàn viên và người lao động, được các cấp công đoàn thực sự quan tâm "
                        "triển khai, với nhiều hoạt động nổi bật.",
                        2,
                        _dashes(
                            "Kết quả thực hiện Chương trình số 1734/CTr-TLĐ, ngày 14/11/2019 về nâng cao phúc lợi, "
                            "lợi ích cho đoàn viên và người lao động, giai đoạn 2019 – 2023; gắn với việc thực "
                            "hiện khâu đột phá “Chăm lo lợi ích thiết thực cho đoàn viên, gắn với bảo vệ quyền lợi "
                            "hợp pháp của người lao động”,",
                            "Kết quả công tác tham gia phòng, chống và chăm lo, hỗ trợ cho đoàn viên, người lao "
                            "động bị ảnh hưởng do dịch bệnh Covid-19. Việc kết nối thông tin việc làm cho người "
                            "lao động bị ảnh hưởng bởi dịch Covid-19.",
                            "Kết quả thực hiện Nghị quyết 7c/NQ-TLĐ ngày 25/02/2016 của Ban Chấp hành Tổng LĐLĐ "
                            "Việt Nam về “Chất lượng bữa ăn ca của người lao động” và Kết luận số 03/KL-BCH ngày "
                            "18/01/2022 của Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam",
                            "Kết quả chương trình “Tết Sum vầy” và tổ chức các hoạt động chăm lo trong dịp Tết "
                            "Nguyên đán hàng năm đối với người lao động.",
                            "Kết quả các chương trình phúc lợi cho đoàn viên công đoàn.",
                            "Kết quả Các hoạt động xã hội, nhân đạo, từ thiện, đền ơn đáp nghĩa, tương thân tương "
                            "ái trong công nhân, viên chức, lao động; vay vốn từ Quỹ quốc gia giải quyết việc làm; "
                            "Chương trình “Mái ấm Công đoàn”...",
                        ),
                    ),
                    Section(
                        "Đổi mới công tác tuyên truyền, vận động; nâng cao bản lĩnh chính trị, ý thức pháp luật, "
                        "tác phong công nghiệp, kỷ luật lao động, trình độ, kỹ năng nghề nghiệp của đoàn viên và "
                        "người lao động.",
                        2,
                        _dashes(
                            "Kết quả những nội dung đã tuyên truyền trong nhiệm kỳ (Nghị quyết Đại hội XVIII Công "
                            "đoàn tỉnh Nghệ An, Đại hội XII Công đoàn Việt Nam, Chỉ thị số 05-CT/TW ngày 15/5/2016 "
                            "của Bộ Chính trị, Nghị quyết số 02-NQ/TW ngày 12/6/2021 của Bộ Chính trị (khóa XII) "
                            "“Về đổi mới tổ chức và hoạt động của Công đoàn Việt Nam trong tình hình mới”, các chế "
                            "độ chính sách, pháp luật liên quan đến người lao động..); Tỷ lệ CCVCLĐ được tham gia "
                            "học tập, quán triệt, tham gia hưởng ứng các hoạt động tuyên truyền.",
                            "Kết quả đổi mới các hình thức tuyên truyền trong các cấp Công đoàn.",
                            "Kết quả hoạt động Tháng công nhân hàng năm: đánh giá về sự đổi mới trong công tác chỉ "
                            "đạo, triển khai thực hiện của công đoàn cấp trên cơ sở; tỷ lệ các đơn vị tổ chức các "
                            "hoạt động Tháng công nhân, trong đó số đơn vị Doanh nghiệp có tổ chức hoạt động Tháng "
                            "công nhân, tỷ lệ %?",
                            "Đánh giá về công tác nắm bắt dư luận xã hội, đấu tranh, phản bác các quan điểm sai "
                            "trái, thù địch về tổ chức Công đoàn; Hoạt động của đội ngũ báo cáo viên, tuyên truyền "
                            "viên: Số lượng, đối tượng tham gia? Nội dung hoạt động, hình thức triển khai thực "
                            "hiện? Kết quả đạt được?",
                            "Kết quả các hội thi nâng cao tay nghề, bậc thợ? (Tỷ lệ CNVCLĐ tham gia)",
                            "Kết quả Phong trào văn hoá, văn nghệ, thể thao quần chúng, xây dựng cơ quan, đơn vị "
                            "văn hóa: Nội dung, hình thức triển khai thực hiện, kết quả đạt được (Tỷ lệ CCVCLĐ "
                            "được tham gia các hoạt động văn hóa, văn nghệ, thể thao; Số đơn vị đạt đơn vị văn "
                            "hóa)",
                            "Kết quả triển khai thực hiện Chương trình Truyền thông công đoàn đến năm 2022 (Theo "
                            "Kế hoạch Số: 13/KH- LĐLĐ, ngày 24/02/2021): công tác phối hợp với cơ quan, tổ chức; "
                            "Số lượng các tin, bài tuyên truyền trên báo chí, Trang thông tin điện tử, mạng xã "
                            "hội; nội dung, số lượng các cuộc tập huấn về công tác tuyên truyền?",
                        ),
                    ),
                    Section(
                        "Các phong trào thi đua yêu nước, trên tất cả các lĩnh vực, được đông đảo đoàn viên, công "
                        "chức, viên chức, người lao động tích cực tham gia hưởng ứng và đạt được nhiều kết quả "
                        "đáng khích lệ.",
                        2,
                        _dashes(
                            "Kết quả các phong trào thi đua yêu nước trong đoàn viên, người lao động, trọng tâm là "
                            "phong trào thi đua “Lao động giỏi”, “Lao động sáng tạo”.",
                            "Kết quả Công tác phối hợp chỉ đạo, tổ chức thực hiện phong trào thi đua “Xây dựng "
                            "Nông thôn mới, Đô thị văn minh”.",
                            "Kết quả thực hiện các Chương trình do Tổng Liên đoàn Lao động Việt Nam triển khai "
                            "(Chương trình “75 nghìn sáng kiến vượt khó, phát triển”, Chương trình “Một triệu sáng "
                            "kiến nỗ lực vượt khó, sáng tạo quyết tâm chiến thắng Đại dịch Covid-19”.",
                            "Kết quả công tác biểu dương các tập thể, cá nhân điển hình.",
                            "Kết quả công tác khen thưởng.",
                        ),
                    ),
                    Section(
                        "Công tác xây dựng tổ chức Công đoàn tiếp tục được hoàn thiện; tích cực tham gia xây dựng "
                        "Đảng, xây dựng chính quyền trong sạch, vững mạnh.",
                        2,
                        _dashes(
                            "Kết quả triển khai tổ chức thực hiện Chương trình số 1563/CTr-TLĐ, ngày 09/10/2019 về "
                            "xây dựng đội ngũ chủ tịch công đoàn cơ sở ngoài khu vực nhà nước, đủ năng lực, phẩm "
                            "chất, đáp ứng yêu cầu nhiệm vụ; gắn với việc thực hiện khâu đột phá “Nâng cao chất "
                            "lượng, trình độ của đội ngũ cán bộ công đoàn”,",
                            "Kết quả công tác phát triển đoàn viên, thành lập công đoàn gắn với việc củng cố, duy "
                            "trì và nâng cao chất lượng hoạt động của các Công đoàn cơ sở.",
                            "Kết quả triển khai thực hiện Kế hoạch số 58 – KH/TU, ngày 12/10/2021 của BVT tỉnh uỷ "
                            "Nghệ An, về thực hiện Nghị quyết số 02-NQ/TW, ngày 12/06/2021 của Bộ Chính trị về "
                            "“Đổi mới tổ chức và hoạt động công đoàn Việt Nam trong tình hình mới”; Chương trình "
                            "hành động số 02/CT-LĐLĐ, ngày 18/10/2021 của Ban Thường vụ Liên đoàn Lao động tỉnh "
                            "Nghệ An.",
                            "Đánh giá việc sắp xếp, hoàn thiện mô hình tổ chức, bộ máy Công đoàn.",
                            "Đánh giá việc xếp loại Công đoàn cấp trên trực tiếp cơ sở hàng năm.",
                            "Kết quả đào tạo, bồi dưỡng cán bộ công đoàn.",
                            "Kết quả công đoàn tham gia phát triển tổ chức Đảng.",
                        ),
                    ),
                    Section(
                        "Nâng cao chất lượng công tác nữ công góp phần chăm lo, xây dựng đội ngũ nữ công nhân, "
                        "viên chức, lao động trong tình hình mới.",
                        2,
                        _dashes(
                            "Kết quả chăm lo, bảo vệ quyền lợi cho nữ CCVCLĐ (thăm hỏi, tặng quà; kiểm tra, giám "
                            "sát việc chấp hành luật pháp, chính sách lao động nữ): Số cuộc, nội dung, hình thức "
                            "triển khai thực hiện, kết quả (nữ CCVCLĐ được thăm hỏi tặng quà, được chăm sóc sức "
                            "khỏe, được tham gia học tập bồi dưỡng nâng cao trình độ, được bổ nhiệm, đề bạt...)",
                            "Kết quả triển khai các phong trào thi đua trong nữ CCVCLĐ, trong đó trọng tâm là "
                            "phong trào thi đua “Giỏi việc nước, đảm việc nhà” gắn với phong trào “Phụ nữ tích cực "
                            "học tập, lao động, sáng tạo, xây dựng gia đình no ấm, tiến bộ, hạnh phúc”: Các hình "
                            "thức triển khai, kết quả đạt được?",
                            "Công tác chỉ đạo nâng cao chất lượng hoạt động của ban nữ công quần chúng: (Thành "
                            "lập, kiện toàn, chỉ đạo hoạt động của Ban nữ Công quần chúng, nhất là Ban Nữ công "
                            "nhân chúng ở các Doanh nghiệp ngoài khu vực Nhà nước: Các mô hình, hoạt động nổi bật, "
                            "có tính đổi mới, sáng tạo, hiệu quả; công tác bồi dưỡng, nâng cao chất lượng cán bộ "
                            "làm công tác nữ công)",
                            "Công tác phối hợp với các Sở, ngành, đoàn thể liên quan, trong công tác vận động CCVCLĐ",
                        ),
                    ),
                    Section(
                        "Công tác tài chính và quản lý tài chính, tài sản công đoàn được chú trọng.",
                        2,
                        _dashes(
                            "Kết quả triển khai tổ chức thực hiện Chương trình số 740/CTr-TLĐ, ngày 22/07/2020, về "
                            "xây dựng nguồn lực tài chính đủ mạnh, đáp ứng nhiệm vụ của tổ chức Công đoàn trong "
                            "tình hình mới; Đề án phát triển nguồn lực tài chính công đoàn, Kế hoạch số "
                            "36/KH-LĐLĐ, ngày 28/07/2020, của Liên đoàn Lao động tỉnh, kế hoạch triển khai thực "
                            "hiện “Chương trình xây dựng nguồn lực tài chính đủ mạnh, đáp ứng nhiệm vụ của tổ chức "
                            "công đoàn trong tình hình mới”; gắn với việc thực hiện khâu đột phá “Tập trung phát "
                            "triển nguồn lực, làm cơ sở để tổ chức các hoạt động”.",
                            "Kết quả thu - chi, quản lý ngân sách Công đoàn.",
                            "Kết quả triển khai thực hiện thu kinh phí công đoàn tại các doanh nghiệp, qua một tài "
                            "khoản tập trung của tổ chức công đoàn và việc thu kinh phí công đoàn, tại các doanh "
                            "nghiệp chưa có tổ chức Công đoàn.",
                        ),
                    ),
                    Section(
                        "Công tác kiểm tra, giám sát có nhiều chuyển biến tích cực; hoạt động của Ủy ban Kiểm tra "
                        "ngày càng đổi mới, phù hợp với tình hình thực tiễn của tỉnh và các địa phương, đơn vị:",
                        2,
                        _dashes(
                            "Kết quả kiểm tra, giám sát việc chấp hành Điều lệ và các quy định của tổ chức Công "
                            "đoàn Việt Nam.",
                            "Kết quả kiểm tra, giám sát khi tổ chức, cán bộ, đoàn viên khi có dấu hiệu vi phạm",
                            "Công tác kiểm tra việc quản lý, sử dụng tài chính, tài sản của tổ chức Công đoàn.",
                            "Kết quả giải quyết và tham gia giải quyết khiếu nại, tố cáo của đoàn viên và người "
                            "lao động;",
                            "Kết quả công tác bồi dưỡng, tập huấn nghiệp vụ về công tác kiểm tra, giám sát.",
                            "Kết quả công tác tham mưu, xử lý kỷ luật tổ chức Công đoàn, cán bộ, đoàn viên cùng "
                            "cấp và cấp dưới khi có vi phạm theo quy định.",
                        ),
                    ),
                    Section(
                        "Công tác Đối ngoại tiếp tục được triển khai thực hiện.",
                        2,
                        _dashes(
                            "Kết quả thực hiện thoả thuận hợp tác giữa Liên đoàn Lao động Nghệ An (Việt Nam) và "
                            "Công đoàn tỉnh Xiêng Khoảng (Lào).",
                            "Kết quả thực hiện thoả thuận hợp tác giữa Liên đoàn Lao động Nghệ An (Việt Nam) và "
                            "Công đoàn tỉnh Gyeonggy (Hàn Quốc).",
                        ),
                    ),
                    Section(
                        "Phương thức lãnh đạo, chỉ đạo và tổ chức thực hiện nhiệm vụ của tổ chức Công đoàn, thường "
                        "xuyên được đổi mới, thích ứng với bối cảnh tình hình mới:",
                        2,
                        _dashes(
                            "Kết quả xây dựng Chương trình, Kế hoạch tổ chức quán triệt, triển khai việc thực hiện "
                            "Nghị quyết Đại hội XII Công đoàn Việt Nam và Đại hội XVIII Công đoàn tỉnh Nghệ An.",
                            "Việc xác định nhiệm vụ trọng tâm, tập trung chỉ đạo thực hiện trong từng thời gian; "
                            "tập trung tham gia giải quyết có hiệu quả vấn đề bức xúc của đoàn viên, người lao "
                            "động; khắc phục bệnh hành chính trong hoạt động Công đoàn.",
                            "Ký kết, sơ, tổng kết các Chương trình phối hợp.",
                            "Tăng cường công tác kiểm tra, chỉ đạo, tổ chức thực hiện; tổng kết khen thưởng, nhân "
                            "nhân rộng điển hình tiên tiến.",
                        ),
                    ),
                ),
            ),
            Section(
                "Kết quả thực hiện các chỉ tiêu",
                1,
            ),
            Section(
                "Hạn chế, khuyết điểm và nguyên nhân",
                1,
                (
                    Section(
                        "Hạn chế, khuyết điểm",
                        2,
                    ),
                    Section(
                        "Nguyên nhân",
                        2,
                        (
                            Section(
                                "Nguyên nhân khách quan",
                                3,
                            ),
                            Section(
                                "Nguyên nhân chủ quan",
                                3,
                            ),
                        ),
                    ),
                ),
            ),
            Section(
                "Bài học kinh nghiệm",
                1,
                _dashes(
                    "Bài học về bám sát quan điểm chỉ đạo của Đảng về xây dựng giai cấp công nhân thời kỳ công "
                    "nghiệp hóa, hiện đại hóa và hội nhập quốc tế.",
                    "Bài học về quan tâm phát triển lợi ích đoàn viên.",
                    "Bài học về tăng cường quản lý và nâng cao chất lượng đoàn viên.",
                    "Bài học về không ngừng đổi mới tổ chức, nội dung, phương thức hoạt động Công đoàn.",
                    "Bài học về công tác chỉ đạo, điều hành.",
                ),
            ),
        ),
        numbered=False,
    ),
    Section(
        "Phần thứ hai\nMục tiêu, phương hướng, nhiệm vụ\nnhiệm kỳ 2023-2028",
        1,
        (
            Section(
                "Quan điểm, mục tiêu, chỉ tiêu và khâu đột phá",
                1,
                (
                    Section(
                        "Quan điểm",
                        2,
                        _dashes(
                            "Đổi mới tổ chức và hoạt động công đoàn đảm bảo sự lãnh đạo toàn diện, tuyệt đối của "
                            "Đảng; phù hợp với thể chế chính trị của đất nước, cơ cấu lao động, nhu cầu, nguyện "
                            "vọng của đoàn viên, người lao động và yêu cầu hội nhập quốc tế.",
                            "Phát huy vai trò của tổ chức Công đoàn trong hệ thống chính trị, trong đại diện cho "
                            "người lao động; tập trung thực hiện tốt chức năng, nhiệm vụ theo quy định của Hiến "
                            "pháp, trọng tâm là bảo vệ quyền, lợi ích hợp pháp chính đáng của đoàn viên, người lao "
                            "động.",
                            "Hoạt động công đoàn tiếp tục hướng mạnh về cơ sở; lấy cơ sở làm địa bàn hoạt động chủ "
                            "yếu; lấy đoàn viên, người lao động làm đối tượng vận động và mục tiêu hoạt động.",
                        ),
                    ),
                    Section(
                        "Mục tiêu tổng quát",
                        2,
                        (
                            Paragraph(
                                "Xây dựng tổ chức Công đoàn các cấp vững mạnh, thực hiện tốt chức năng, nhiệm vụ "
                                "trong tình hình mới, là cơ sở chính trị - xã hội của Đảng, Nhà nước; làm tốt vai "
                                "trò cầu nối, giữ mối liên hệ mật thiết giữa Đảng, Nhà nước với giai cấp công "
                                "nhân, người lao động; góp phần xây dựng giai cấp công nhân hiện đại, lớn mạnh, là "
                                "lực lượng tiên phong trong thực hiện nhiệm vụ phát triển kinh tế xã hội, mà Nghị "
                                "quyết Đại hội Đảng các cấp đã đề ra."
                            ),
                            Paragraph(
                                "Phấn đấu đến cuối nhiệm kỳ, hướng đến kỷ niệm 100 năm Ngày thành lập Công đoàn "
                                "Việt Nam, khẳng định vị thế của Công đoàn các cấp, là trung tâm tập hợp, đoàn kết "
                                "giai cấp công nhân và người lao động, đóng góp xứng đáng vào sự nghiệp xây dựng "
                                "và bảo vệ Tổ quốc."
                            ),
                        ),
                    ),
                    Section(
                        "Chỉ tiêu phấn đấu:",
                        2,
                        (
                            Section(
                                "Chỉ tiêu đến hết nhiệm kỳ",
                                3,
                                _dashes(
                                    "Thành lập mới...công đoàn cơ sở, kết nạp được đoàn viên công đoàn.",
                                    "Ít nhất% doanh nghiệp, đơn vị có tổ chức công đoàn đủ điều kiện đại diện, "
                                    "thương lượng, ký kết được thỏa ước lao động tập thể theo quy định của pháp "
                                    "luật.",
                                    "Ít nhất ...% trở lên công đoàn cơ sở tham gia với người sử dụng lao động ban "
                                    "hành, triển khai thực hiện quy chế dân chủ ở cơ sở.",
                                    "Ít nhất ...% số vụ việc của đoàn viên có nhu cầu tư vấn, tranh tụng về quyền, "
                                    "lợi ích hợp pháp, chính đáng sẽ có đại diện công đoàn tham gia hoặc được công "
                                    "đoàn hỗ trợ.",
                                    "Ít nhất ...% công đoàn cơ sở doanh nghiệp ngoài khu vực nhà nước thành lập "
                                    "Ban nữ công quần chúng theo quy định của Điều lệ Công đoàn Việt Nam.",
                                    "Triển khai đầu tư xây dựng được...thiết chế của tổ chức công đoàn.",
                                ),
                            ),
                            Section(
                                "Chỉ tiêu hàng năm",
                                3,
                                _dashes(
                                    "Ít nhất ...% công đoàn cấp trên trực tiếp cơ sở đạt loại hoàn thành tốt nhiệm "
                                    "vụ; ít nhất ...công đoàn cơ sở khu vực nhà nước và... trở lên công đoàn cơ sở "
                                    "ngoài khu vực nhà nước đạt loại hoàn thành tốt nhiệm vụ.",
                                    "Bình quân mỗi công đoàn cơ sở giới thiệu ít nhất 01 đoàn viên ưu tú cho Đảng "
                                    "xem xét, bồi dưỡng kết nạp.",
                                    "Thu tài chính công đoàn đạt ...% trở lên số phải thu kinh phí và đoàn phí "
                                    "công đoàn theo quy định của pháp luật.",
                                    "100% công đoàn cấp trên trực tiếp cơ sở tổ chức thực hiện việc kiểm tra tài "
                                    "chính cùng cấp đúng tiến độ; ít nhất ...% công đoàn cơ sở doanh nghiệp được "
                                    "công đoàn cấp trên kiểm tra tài chính.",
                                    "100% đơn vị có tổ chức Công đoàn, với trên...% công nhân, viên chức, người "
                                    "lao động được tuyên truyền, phổ biến giáo dục chính sách pháp luật",
                                    "Thành lập mới...công đoàn cơ sở, kết nạp được...đoàn viên.",
                                    "...Ủy viên Ban Chấp hành công đoàn các cấp được tập huấn, bồi dưỡng nghiệp "
                                    "vụ,% cán bộ lãnh đạo chủ chốt có trình độ cao cấp lý luận chính trị.",
                                    "...% Công đoàn cơ sở Doanh nghiệp khu vực ngoài Nhà nước thành lập được Ban "
                                    "Nữ công quản chúng theo quy định của điều lệ Công đoàn Việt Nam;...% Nữ "
                                    "CNVCLĐ đạt danh hiệu “Giỏi việc nước, đảm việc nhà”.",
                                    "Xây dựng được...mô hình điển hình, trên các lĩnh vực hoạt động Công đoàn.",
                                    "...% Công đoàn Doanh nghiệp khu vực ngoài Nhà nước tổ chức Hội nghị người lao "
                                    "động;...% Công đoàn Doanh nghiệp khu vực ngoài Nhà nước có thương lượng và ký "
                                    "kết TULĐTT, trong đó có % TULĐTT đạt loại A.",
                                    "Có...% số đoàn viên và người lao động được học tập nâng cao trình độ học vấn, "
                                    "chuyên môn, kỹ năng nghề nghiệp, tác phong công nghiệp và kỷ luật lao động.",
                                ),
                            ),
                        ),
                    ),
                    Section(
                        "Khâu đột phá:",
                        2,
                        _dashes(
                            "Tập trung nguồn lực thực hiện nhiệm vụ đại diện, bảo vệ quyền, lợi ích hợp pháp, "
                            "chính đáng của đoàn viên, người lao động, tập thể người lao động ở cơ sở, trọng tâm "
                            "là đối thoại, thương lượng, ký kết thỏa ước lao động tập thể, nhất là về tiền lương, "
                            "điều kiện làm việc.",
                            "Xây dựng đội ngũ cán bộ công đoàn, trọng tâm là chủ tịch công đoàn cơ sở doanh nghiệp "
                            "khu vực ngoài nhà nước có trí tuệ, bản lĩnh, tâm huyết trách nhiệm, uy tín.",
                            "Đổi mới phương thức hoạt động công đoàn, trọng tâm là chuyển đổi số, xây dựng công "
                            "đoàn số, đoàn viên số.",
                        ),
                    ),
                ),
            ),
            Section(
                "Nhiệm vụ, giải pháp",
                1,
                (
                    Section(
                        "Tập trung đại diện, bảo vệ quyền, lợi ích hợp pháp, chính đáng; nâng cao chất lượng cuộc "
                        "sống của đoàn viên, người lao động",
                        2,
                        (
                            *_dashes(
                                "Đại diện, bảo vệ quyền, lợi ích hợp pháp, chính đáng cho đoàn viên, người lao "
                                "động là nhiệm vụ quan trọng hàng đầu, là hoạt động thường xuyên, cần ưu tiên và "
                                "tập trung mọi nguồn lực.",
                                "Đổi mới hình thức tư vấn pháp luật: Tư vấn tại văn phòng, tư vấn qua điện thoại; "
                                "các cấp công đoàn triển khai thêm các hoạt động tư vấn khác (Đối thoại nơi làm "
                                "việc, nơi ở, tư vấn pháp luật sau giờ tan ca, trước cổng Doanh nghiệp...)",
                                "Hệ thống tổ chức công đoàn hợp lực, chỉ đạo thực hiện nhiệm vụ đại diện, bảo vệ "
                                "quyền, lợi ích hợp pháp của đoàn viên, người lao động; nhất là Công đoàn cơ sở "
                                "Doanh nghiệp khu vực ngoài Nhà nước, giữ vững vai trò đại diện, bảo vệ quyền lợi "
                                "ích hợp pháp, chính đáng của người lao động; làm tốt hoạt động đối thoại, thương "
                                "lượng, ký kết thỏa ước lao động tập thể, trọng tâm là tiền lương, điều kiện làm "
                                "việc. Liên đoàn Lao động tỉnh, tham gia cơ chế giải quyết tranh chấp lao động "
                                "cùng cấp, lãnh đạo việc xây dựng quan hệ lao động; cung cấp dịch vụ hỗ trợ đoàn "
                                "viên; chỉ đạo, tổ chức tiếp nhận, phản ánh nguyện vọng, lợi ích của đoàn viên với "
                                "cấp ủy, chính quyền.",
                                "Chỉ đạo phối hợp có hiệu quả với chủ sử dụng lao động, tổ chức thực hiện tốt quy "
                                "chế dân chủ ở cơ sở; Hỗ trợ công đoàn cơ sở tham gia với chủ sử dụng lao động xây "
                                "dựng thang, bảng lương, định mức lao động.",
                                "Thực hiện hiện quyền khởi kiện, đại diện đoàn viên và người lao động tham gia tố "
                                "tụng tại toà án theo quy định của pháp luật.",
                                "Nắm chắc tâm tư, nguyện vọng của người lao động, tình hình quan hệ lao động, sản "
                                "xuất kinh doanh, thực hiện chế độ, chính sách của doanh nghiệp; tổ chức chặt chẽ "
                                "lực lượng đoàn viên công đoàn, để lãnh đạo và tổ chức đình công theo quy định "
                                "pháp luật.",
                                "Làm tốt công tác vận động công nhân lao động nâng cao ý thức, tác phong công "
                                "nghiệp, ý thức chấp hành pháp luật và nội quy lao động của doanh nghiệp, góp phần "
                                "hạn chế đình công xảy ra tại các địa phương, đơn vị.",
                                "Phối hợp có hiệu quả với các Sở, Ngành có liên quan tổ chức các đoàn kiểm tra, "
                                "thanh tra tại các Doanh nghiệp về thực hiện chính sách bảo hiểm xã hội, Bộ luật "
                                "lao động, chính sách lao động Nữ, Luật An toàn vệ sinh lao động.",
                                "Kiện toàn, nâng cao chất lượng đội ngũ cán bộ công đoàn làm công tác ATVSLĐ và "
                                "mạng lưới an toàn vệ sinh viên ở cơ sở, góp phần xây dựng văn hóa an toàn lao "
                                "động tại nơi làm việc.",
                                "Tích cực tham gia tổ chức thực hiện “Tháng hành động về An toàn vệ sinh lao động” "
                                "hàng năm, nâng cao chất lượng công tác an toàn, vệ sinh lao động, đảm bảo điều "
                                "kiện lao động cho đoàn viên, người lao động.",
                            ),
                            Paragraph("Nâng cao chất lượng cuộc sống của đoàn viên, người lao động"),
                            *_dashes(
                                "Đổi mới căn bản hoạt động chăm lo cho đoàn viên, người lao động theo hướng đảm "
                                "bảo quyền an sinh xã hội cho đoàn viên, người lao động.",
                                "Tích cực tham gia nâng cao phúc lợi xã hội, phúc lợi doanh nghiệp, từng bước xây "
                                "dựng phúc lợi công đoàn, tạo chuyển biến rõ nét về những nhu cầu cơ bản, thiết "
                                "yếu của đoàn viên, CNVCLĐ, nhất là đối tượng thu nhập thấp, lao động nữ, lao động "
                                "yếu thế, lao động đặc thù; quan tâm chăm lo con công nhân, viên chức, người lao "
                                "động.",
                                "Tiếp tục triển khai thực hiện Nghị quyết 7c/NQ-TLĐ, ngày 25/02/2016 của Ban Chấp "
                                "hành Tổng LĐLĐ Việt Nam về “Chất lượng bữa ăn ca của người lao động” và Kết luận "
                                "số 03/KL-BCH, ngày 18/01/2022 của Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam "
                                "về việc tiếp tục thực hiện Nghị quyết số 7c/NQ-TLĐ ngày 25/02/2016 của Ban Chấp "
                                "hành Tổng Liên đoàn Lao động Việt Nam về “Chất lượng bữa ăn ca của người lao "
                                "động”.",
                                "Tích cực tham mưu việc xây dựng thiết chế công đoàn, tại các khu công nghiệp có "
                                "đông công nhân lao động.",
                                "Duy trì các hoạt động chăm lo cho đoàn viên, người lao động theo hướng thiết "
                                "thực, hiệu quả, hướng về cơ sở và người lao động. Tổ chức các hoạt động chăm lo "
                                "dịp Tết Nguyên đán cho công nhân, viên chức, lao động: Chương trình “Tết Sum "
                                "vầy”, “Mái ấm Công đoàn”, “Gian hàng 0 đồng”, “Gian hàng giảm giá”; thăm hỏi, trợ "
                                "cấp công nhân, viên chức, lao động có hoàn cảnh khó khăn.",
                                "Đẩy mạnh các hoạt động “Đền ơn đáp nghĩa”, ủng hộ “Quỹ Vì người nghèo” ...; các "
                                "hoạt động xã hội, từ thiện, tương thân tương ái trong đoàn viên, người lao động.",
                            ),
                        ),
                    ),
                    Section(
                        "Nâng cao hiệu quả công tác tuyên truyền, vận động",
                        2,
                        _dashes(
                            "Tiếp tục đổi mới mạnh mẽ nội dung, phương thức tuyên truyền theo hướng chủ động, kịp "
                            "thời và hiệu quả; nâng cao tính giáo dục, tính thuyết phục trong tuyên truyền về tổ "
                            "chức và hoạt động công đoàn, quan điểm, đường lối của Đảng, chính sách, pháp luật của "
                            "Nhà nước.",
                            "Tập trung tuyên truyền, phổ biến pháp luật cho đối tượng đoàn viên, người lao động ở "
                            "doanh nghiệp ngoài khu vực nhà nước và doanh nghiệp FDI về ý thức chấp hành pháp "
                            "luật, kỷ luật lao động, nội quy doanh nghiệp",
                            "Xây dựng tiêu chí phù hợp với từng nhóm đối tượng để tuyên truyền, vận động cán bộ, "
                            "đoàn viên thực hiện trong học tập, làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
                            "gắn với việc thực hiện nhiệm vụ chuyên môn.",
                            "Nắm chắc, dự báo chính xác, định hướng kịp thời, xử lý đúng đắn, hiệu quả các vấn đề "
                            "tư tưởng của đoàn viên, nhất là về tổ chức và hoạt động công đoàn. Chú trọng nắm bắt, "
                            "định hướng dư luận xã hội, bảo đảm thống nhất tư tưởng trong hệ thống tổ chức công "
                            "đoàn.",
                            "Sử dụng có hiệu quả các phương tiện truyền thông đại chúng, mạng xã hội, góp phần "
                            "tăng cường đồng thuận, củng cố niềm tin của đoàn viên, người lao động đối với tổ chức "
                            "và hoạt động công đoàn.",
                            "Đổi mới công tác truyền thông về phong trào công nhân, viên chức, lao động và hoạt "
                            "động Công đoàn; xây dựng hình ảnh và uy tín của tổ chức Công đoàn và đoàn viên công "
                            "đoàn trong công nhân lao động và toàn xã hội. Chú trọng công tác định hướng thông tin "
                            "trên trang thông tin điện tử, Facebook, nhóm Zalo...",
                            "Nâng cao hiệu quả tuyên truyền về bình đẳng giới, phòng chống bạo lực trên cơ sở "
                            "giới, chăm sóc sức khỏe sinh sản; vận động CNVCLĐ tích cực xây dựng gia đình no ấm, "
                            "tiến bộ, hạnh phúc, văn minh; thực hiện tốt chính sách dân số và phát triển",
                            "Tăng cường bảo vệ các giá trị của Công đoàn Việt Nam, kiên quyết, kịp thời đấu tranh "
                            "phản bác các quan điểm sai trái, thù địch, cơ hội chính trị; ngăn chặn, đẩy lùi suy "
                            "thoái về tư tưởng, chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự "
                            "chuyển hóa” trong nội bộ.",
                            "Tiếp tục nâng cao chất lượng, hiệu quả hoạt động trong “Tháng công nhân”, để đoàn "
                            "viên, người lao động có “Quyền lợi đảm bảo, phúc lợi tốt hơn”.",
                            "Tuyên truyền, vận động đoàn viên, người lao động tham gia các phong trào: “Học tập "
                            "nâng cao trình độ học vấn, chuyên môn, kỹ năng nghề nghiệp”, “Xây dựng đời sống văn "
                            "hoá cơ sở”, “Xây dựng nếp sống văn hóa công nghiệp”, xây dựng cơ quan, đơn vị văn "
                            "hoá; nâng cao chất lượng hoạt động “Điểm sinh hoạt văn hóa công nhân”, “Tổ tự quản "
                            "khu nhà trọ công nhân”; hoạt động văn hoá thể thao ...",
                            "Xây dựng, kiện toàn, nâng cao hiệu quả hoạt động của lực lượng nòng cốt, đội ngũ báo "
                            "cáo viên, tuyên truyền viên của tổ chức công đoàn.",
                        ),
                    ),
                    Section(
                        "Đổi mới nội dung, hình thức tổ chức thi đua và nâng cao chất lượng công tác khen thưởng.",
                        2,
                        _dashes(
                            "Tổng kết, đánh giá tính hiệu quả, sức lan tỏa của các phong trào thi đua để điều "
                            "chỉnh, hoàn thiện, tập trung phát triển có trọng điểm. Tăng cường hướng dẫn, đôn đốc, "
                            "giám sát thực hiện các phong trào thi đua đảm bảo tính thường xuyên, liên tục. Tiếp "
                            "tục phát triển và khẳng định vai trò nòng cốt của phong trào Lao động giỏi, Lao động "
                            "sáng tạo. Nâng cao chất lượng các phong trào thi đua chuyên đề nhằm thực hiện tốt các "
                            "nhiệm vụ quan trọng của tổ chức công đoàn. Phát triển các phong trào, các cuộc vận "
                            "động lớn trong nữ công nhân, viên chức, người lao động. Tiếp tục phối hợp tổ chức tốt "
                            "phong trào thi đua liên kết trên các công trình, dự án quan trọng của quốc gia, địa "
                            "phương và ngành. Đổi mới nội dung, phương thức và nâng cao chất lượng, hiệu quả hoạt "
                            "động Cụm, Khối thi đua.",
                            "Phát động và triển khai cuộc vận động “Đoàn kết, cùng đoàn viên, người lao động vượt "
                            "khó”; nâng cao chất lượng, hiệu quả cuộc vận động “Cán bộ, công chức, viên chức nói "
                            "không với tiêu cực”; tích cực tham gia cuộc vận động “Người Việt Nam ưu tiên dùng "
                            "hàng Việt Nam” và “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”.",
                            "Đẩy mạnh công tác phát hiện, lựa chọn, tôn vinh, nhân rộng điển hình tiên tiến; chú "
                            "trọng phát hiện các gương điển hình thông qua hoạt động chỉ đạo, kiểm tra, giám sát, "
                            "qua phản ánh của các cơ quan truyền thông; tổ chức biểu dương, tôn vinh, khen thưởng "
                            "kịp thời, tạo sự lan toả; quan tâm tổng kết, phát triển mô hình mới, cách làm hay.",
                            "Hoàn thiện tiêu chí bình xét khen thưởng theo hướng cụ thể, trọng tâm, lượng hóa được "
                            "thành tích, định lượng được tiêu chuẩn, bảo đảm khen thưởng kịp thời, chính xác, công "
                            "khai, minh bạch, tập trung cho người lao động trực tiếp.",
                            "Duy trì ổn định và tổ chức bồi dưỡng chuyên môn nghiệp vụ thường xuyên cho cán bộ làm "
                            "công tác thi đua khen thưởng các cấp.",
                        ),
                    ),
                    Section(
                        "Xây dựng tổ chức Công đoàn vững mạnh; Thu hút người lao động, tổ chức của người lao động "
                        "tại doanh nghiệp vào Công đoàn Việt Nam",
                        2,
                        (
                            *_dashes(
                                "Tiếp tục triển khai thực hiện Kế hoạch số 58 – KH/TU, ngày 12/10/2021 của BVT "
                                "tỉnh uỷ Nghệ An, về thực hiện Nghị quyết số 02-NQ/TW, ngày 12/06/2021 của Bộ "
                                "Chính trị về “Đổi mới tổ chức và hoạt động công đoàn Việt Nam trong tình hình "
                                "mới”; Chương trình hành động số 02/CT-LĐLĐ, ngày 18/10/2021 của Ban Thường vụ "
                                "Liên đoàn Lao động tỉnh Nghệ An.",
                            ),
                            ListItem(
                                "Thực hiện toàn diện, đồng bộ công tác đoàn viên:",
                                "-",
                                (
                                    ListItem(
                                        "Đẩy mạnh công tác phát triển đoàn viên, thành lập CĐCS, chú trọng "
                                        "phát triển đoàn viên trong các doanh nghiệp khu vực ngoài Nhà nước.",
                                        "+",
                                    ),
                                    ListItem(
                                        "Quan tâm nâng cao chất lượng đoàn viên công đoàn; thực hiện tốt việc "
                                        "quản lý đoàn viên bằng công nghệ thông tin.",
                                        "+",
                                    ),
                                    ListItem("Đổi mới công tác đánh giá, xếp loại đoàn viên bảo đảm thực chất.", "+"),
                                    ListItem(
                                        "Phát huy đầy đủ quyền của đoàn viên; mọi hoạt động của tổ chức công "
                                        "đoàn, của cán bộ công đoàn đều phải phục vụ lợi ích của đoàn viên.",
                                        "+",
                                    ),
                                    ListItem(
                                        "Có giải pháp phát huy vai trò của đoàn viên trong xây dựng tổ chức "
                                        "công đoàn vững mạnh;",
                                        "+",
                                    ),
                                    ListItem(
                                        "Thực hiện tốt chức năng đại diện, bảo vệ quyền và lợi ích hợp pháp, "
                                        "chính đáng của đoàn viên, người lao động.",
                                        "+",
                                    ),
                                    ListItem(
                                        "Nâng cao năng lực lãnh đạo của Ban chấp hành CĐCS. Đổi mới nội dung, "
                                        "phương thức hoạt động, của CĐCS theo nhu cầu, nguyện vọng, quyền "
                                        "quyết định của số đông đoàn viên.",
                                        "+",
                                    ),
                                ),
                            ),
                            ListItem(
                                "Tiếp tục đổi mới, hoàn thiện mô hình tổ chức bộ máy các cấp công đoàn tinh gọn, "
                                "hoạt động hiệu lực, hiệu quả, liên thông, đồng bộ:",
                                "-",
                                (
                                    ListItem(
                                        "Thực hiện rà soát, sắp xếp, bổ sung hoặc điều chỉnh hệ thống nhiệm "
                                        "vụ các cấp công đoàn theo hướng: giảm hoặc bỏ các nhiệm vụ không "
                                        "hoặc ít liên quan đến quan hệ lao động, để tập trung thực hiện nhiệm "
                                        "vụ trọng tâm xây dựng quan hệ lao động hài hòa, ổn định và tiến bộ; "
                                        "thực hiện tốt chức năng đại diện, bảo vệ quyền và lợi ích hợp pháp, "
                                        "chính đáng của đoàn viên, người lao động.",
                                        "+",
                                    ),
                                    ListItem(
                                        "Sắp xếp lại cơ cấu tổ chức bên trong theo hướng giảm cấp trung gian, "
                                        "thu gọn đầu mối công đoàn các cấp nhất là tại CĐCS, nâng cao năng "
                                        "lực lãnh đạo của Ban chấp hành CĐCS. Đổi mới nội dung, phương thức "
                                        "hoạt động, của CĐCS theo nhu cầu, nguyện vọng, quyền quyết định của "
                                        "số đông đoàn viên.",
                                        "+",
                                    ),
                                    ListItem(
                                        "Thúc đẩy thành lập, đổi mới nội dung và nâng cao chất lượng hoạt "
                                        "động của Ban nữ công công đoàn các cấp, nhất là Ban nữ công quần "
                                        "chúng ở doanh nghiệp ngoài khu vực nhà nước. Nâng cao trách nhiệm "
                                        "của Ban chấp hành, Ban thường vụ công đoàn các cấp chỉ đạo hoạt động "
                                        "công tác nữ công.",
                                        "+",
                                    ),
                                ),
                            ),
                            *_dashes(
                                "Hoàn thiện công tác đánh giá xếp loại chất lượng hoạt động của các cấp công đoàn, "
                                "tập trung vào kết quả thực hiện nhiệm vụ trọng tâm của mỗi cấp công đoàn. Tiếp "
                                "tục nâng cao chất lượng công tác đánh giá hoạt động công đoàn cơ sở, công đoàn "
                                "cấp trên trực tiếp cơ sở; xây dựng tiêu chí, tổ chức đánh giá định kỳ hàng năm về "
                                "sự hài lòng của đoàn viên đối với hoạt động công đoàn.",
                                "Xây dựng và thực hiện thí điểm các Đề án: Công đoàn cơ sở tại doanh nghiệp có "
                                "đông đoàn viên và công đoàn cơ sở tại doanh nghiệp có dưới 25 đoàn viên.",
                            ),
                            ListItem(
                                "Tiếp tục nâng cao chất lượng cán bộ công đoàn;",
                                "-",
                                (
                                    ListItem(
                                        "Nghiên cứu, đề xuất các giải pháp đồng bộ khả thi để xây dựng đội "
                                        "ngũ cán bộ chuyên trách tại các cơ quan công đoàn các cấp về tiêu "
                                        "chuẩn, bổ nhiệm, chế độ, chính sách. Hoàn thiện các quy định về công "
                                        "tác cán bộ, tiêu chuẩn chức danh, tiêu chí và cơ chế đánh giá cán bộ "
                                        "công đoàn theo chức năng, nhiệm vụ của từng cấp công đoàn và hiệu "
                                        "quả hoạt động công đoàn.",
                                        "+",
                                    ),
                                    ListItem(
                                        "Tiếp tục nghiên cứu, đề xuất cấp có thẩm quyền ban hành chính sách "
                                        "phù hợp để tuyển dụng cán bộ công đoàn trưởng thành từ cơ sở, trong "
                                        "phong trào công nhân, coi đây là nguồn quan trọng để bổ sung đội ngũ "
                                        "cán bộ chuyên trách công đoàn các cấp.",
                                        "+",
                                    ),
                                    ListItem(
                                        "Xây dựng quy hoạch cán bộ, đào tạo cán bộ theo vị trí việc làm, "
                                        "chuẩn bị đội ngũ một cách chủ động, đủ năng lực tiếp nhận và tổ chức "
                                        "thực hiện với tư duy đổi mới, hiện đại, phù hợp với điều kiện Việt "
                                        "Nam và hội nhập quốc tế.",
                                        "+",
                                    ),
                                    ListItem(
                                        "Coi trọng kiểm tra, giám sát của tổ chức công đoàn kết hợp với phát "
                                        "huy vai trò giám sát của đoàn viên đối với cán bộ công đoàn. Phê "
                                        "phán, xử lý nghiêm những cán bộ công đoàn thờ ơ, vô cảm, thiếu trách "
                                        "nhiệm.",
                                        "+",
                                    ),
                                ),
                            ),
                            *_dashes(
                                "Đổi mới căn bản chương trình, nội dung, phương pháp đào tạo, bồi dưỡng cán bộ "
                                "công đoàn theo phương châm chuẩn hóa, khoa học, thực tiễn, sáng tạo.",
                                "Thu hút người lao động, tổ chức của người lao động tại doanh nghiệp vào tổ chức "
                                "Công đoàn, bằng kế hoạch mục tiêu của công đoàn cấp tỉnh.",
                            ),
                        ),
                    ),
                    Section(
                        "Tham gia xây dựng giai cấp công nhân hiện đại lớn mạnh, xây dựng Đảng, nhà nước, hệ thống "
                        "chính trị trong sạch, vững mạnh",
                        2,
                        (
                            *_dashes(
                                "Tham gia xây dựng giai cấp công nhân về chính trị, tư tưởng, đạo đức; củng cố và "
                                "giữ vững bản chất giai cấp công nhân; quan tâm công nhân trẻ, nữ, công nhân dân "
                                "tộc thiểu số, con công nhân...",
                                "Tiếp tục triển khai các nội dung về xây dựng giai cấp công nhân, tổ chức công "
                                "đoàn theo Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng.",
                                "Nâng cao chất lượng công tác nghiên cứu lý luận, tổng kết thực tiễn, đề xuất và "
                                "tổ chức thực hiện chủ trương, chỉ đạo của Đảng, chính sách của Nhà nước về xây "
                                "dựng giai cấp công nhân Việt Nam hiện đại, lớn mạnh.",
                                "Chú trọng giáo dục đạo đức, nhân cách, năng lực sáng tạo và các giá trị cốt lõi, "
                                "nhất là giáo dục tinh thần yêu nước, tự hào, tự tôn dân tộc, ý thức trách nhiệm "
                                "xã hội; giữ gìn và phát huy bản sắc văn hóa dân tộc tốt đẹp của người Việt Nam, "
                                "tiếp thu tinh hoa văn hóa thế giới; khơi dậy khát vọng phát triển đất nước phồn "
                                "vinh, hạnh phúc và bảo vệ vững chắc Tổ quốc Việt Nam xã hội chủ nghĩa.",
                                "Tham gia xây dựng xã hội học tập, phong trào học tập suốt đời, góp phần nâng cao "
                                "trình độ, kỹ năng nghề nghiệp, tác phong công nghiệp của công nhân; tham gia xây "
                                "dựng các cơ chế, chính sách và giải pháp để đào tạo lại lực lượng lao động phải "
                                "chuyển đổi ngành nghề do quá trình chuyển dịch cơ cấu kinh tế, đổi mới công nghệ "
                                "và tác động của Cách mạng công nghiệp lần thứ tư.",
                                "Tiếp tục phát huy hiệu quả, xây dựng, hoàn thiện các mô hình trong tổ chức Tháng "
                                "Công nhân; chú trọng phát triển các hoạt động tại cơ sở, doanh nghiệp.",
                                "Thực hiện hoạt động giám sát, phản biện xã hội trọng tâm, hiệu quả, bài bản, nề "
                                "nếp. Chủ động tham gia phản biện xây dựng luật pháp, cơ chế, chính sách của Nhà "
                                "nước và giám sát các cơ quan, đội ngũ cán bộ, công chức nhà nước trong việc thực "
                                "thi pháp luật liên quan đến đoàn viên, người lao động. Định hướng nội dung giám "
                                "sát trong toàn hệ thống đảm bảo đồng bộ, hiệu quả.",
                                "Triển khai đồng bộ chương trình hành động, kế hoạch thực hiện Nghị quyết 02 của "
                                "Bộ Chính trị về “Đổi mới tổ chức và hoạt động của Công đoàn Việt Nam trong tình "
                                "hình mới” ở các cấp công đoàn, nhân rộng kịp thời các hoạt động mới, hiệu quả "
                                "cao, tham mưu, đề xuất điều chỉnh các vấn đề phát sinh trong thực tiễn.",
                            ),
                            Paragraph(
                                "Phát hiện, bồi dưỡng, phát huy vai trò đoàn viên ưu tú, có triển vọng, chuẩn bị "
                                "nguồn cán bộ công đoàn và giới thiệu cho Đảng xem xét, kết nạp. Tham gia thành "
                                "lập và nâng cao chất lượng của tổ chức cơ sở đảng ở doanh nghiệp ngoài khu vực "
                                "nhà nước."
                            ),
                        ),
                    ),
                    Section(
                        "Tập trung thực hiện công tác vận động nữ công nhân, viên chức, lao động.",
                        2,
                        _dashes(
                            "Đổi mới công tác đào tạo cán bộ nữ công, cán bộ lãnh đạo Công đoàn là nữ và coi trọng "
                            "vấn đề giới trong công tác cán bộ phù hợp với tình hình hiện nay.",
                            "Đa dạng hoá hình thức tuyên truyền, giáo dục các Nghị quyết của Đảng, chính sách pháp "
                            "luật của Nhà nước, góp phần rèn luyện phẩm chất đạo đức, nâng cao trình độ, nhận thức "
                            "trong đoàn viên và lao động nữ.",
                            "Chủ động đề xuất, tham gia xây dựng, giám sát việc thực hiện chính sách pháp luật "
                            "liên quan đến lao động nữ và bình đẳng giới.",
                            "Tiếp tục thực hiện phong trào học tập nâng cao trình độ học vấn, chuyên môn, nghiệp "
                            "vụ, kỹ năng nghề nghiệp trong nữ đoàn viên và lao động nữ. Nâng cao chất lượng, hiệu "
                            "quả phong trào thi đua “Giỏi việc nước, đảm việc nhà” gắn với phong trào thi đua “Phụ "
                            "nữ tích cực học tập, lao động, sáng tạo, xây dựng gia đình hạnh phúc”. Tăng cường đẩy "
                            "mạnh công tác tuyên truyền và tổ chức các hoạt động về dân số, gia đình, trẻ em.",
                            "Nâng cao chất lượng hoạt động của công tác nữ công và Ban Nữ công quần chúng của công "
                            "đoàn các cấp, nhất là Công đoàn cơ sở Doanh nghiệp khu vực ngoài nhà nước.",
                        ),
                    ),
                    Section(
                        "Xây dựng nguồn tài chính để thực hiện tốt nhiệm vụ của tổ chức Công đoàn.",
                        2,
                        (
                            *_dashes(
                                "Xây dựng tài chính công đoàn phát triển bền vững. Tiếp tục rà soát, hoàn thiện "
                                "quy định về tài chính công đoàn. Tăng cường công tác quản lý thu tài chính công "
                                "đoàn, phấn đấu tăng dần tỉ trọng nguồn thu đoàn phí. Tăng chi trực tiếp cho đoàn "
                                "viên, người lao động; tập trung chi các hoạt động quan trọng, nhiệm vụ cấp bách "
                                "của tổ chức công đoàn.",
                                "Nâng cao hiệu quả phân bổ, quản lý và sử dụng các nguồn lực tài chính gắn với "
                                "việc đại diện, bảo vệ quyền lợi hợp pháp, chính đáng, chăm lo lợi ích đoàn viên, "
                                "người lao động. Đẩy mạnh việc quản lý, sử dụng tài chính, tài sản công đoàn đúng "
                                "theo quy định của pháp luật và của Tổng Liên đoàn Lao động Việt Nam. Đổi mới cơ "
                                "chế phân cấp tài chính công đoàn theo hướng toàn diện, triệt để. Thực hiện quản "
                                "lý chặt chẽ tài sản công.",
                            ),
                            ListItem(
                                "Nâng cao hiệu quả hoạt động của các đơn vị kinh tế, đơn vị sự nghiệp công đoàn, "
                                "góp phần vào việc thực hiện nhiệm vụ của tổ chức công đoàn.",
                                "-",
                                (
                                    ListItem(
                                        "Thực hiện cơ chế và đẩy mạnh giao quyền tự chủ tài chính, tổ chức "
                                        "cho đơn vị sự nghiệp công đoàn giai đoạn 2023-2025 và những năm tiếp "
                                        "theo.",
                                        "+",
                                    ),
                                    ListItem(
                                        "Đẩy mạnh việc cơ cấu lại và nâng cao hiệu quả hoạt động của doanh "
                                        "nghiệp công đoàn; đổi mới quản lý vốn của tổ chức công đoàn đầu tư "
                                        "vào doanh nghiệp. Đẩy nhanh việc xử lý nợ, thoái vốn, cổ phần hóa "
                                        "doanh nghiệp công đoàn hiệu quả, công khai, minh bạch; xây dựng cơ "
                                        "chế giám sát, phát hiện, xử lý kịp thời những vi phạm trong quá "
                                        "trình triển khai thực hiện.",
                                        "+",
                                    ),
                                ),
                            ),
                            *_dashes(
                                "Chú trọng hợp tác với các chương trình, dự án tài chính vi mô của các tổ chức tài "
                                "chính, góp phần giúp cho công nhân, người lao động nghèo có cơ hội tự tạo việc "
                                "làm, tăng thu nhập, thoát bẫy “tín dụng đen”.",
                                "Thực hiện quản trị hiện đại và đầu tư tập trung đối với các đơn vị công đoàn "
                                "huyện, ngành tạo nên nguồn lực tài sản cho tổ chức công đoàn, nâng cao hiệu quả "
                                "quản lý, sử dụng tài sản tại các cơ quan, đơn vị.",
                            ),
                        ),
                    ),
                    Section(
                        "Tăng cường công tác kiểm tra, giám sát, góp phần quan trọng nâng cao chất lượng tổ chức "
                        "và hoạt động công đoàn.",
                        2,
                        _dashes(
                            "Triển khai quyết liệt, thường xuyên, toàn diện công tác kiểm tra, trọng tâm là kiểm "
                            "tra đồng cấp. Phối hợp chặt chẽ với các ngành chức năng trong công tác kiểm tra phục "
                            "vụ thực hiện nhiệm vụ chính trị, xây dựng tổ chức công đoàn vững mạnh.",
                            "Tập trung kiểm tra, giám sát việc cụ thể hóa và kết quả thực hiện chỉ đạo của công "
                            "đoàn cấp trên, nâng cao chất lượng kiểm tra chấp hành Điều lệ và quản lý, sử dụng tài "
                            "chính, tài sản và hoạt động kinh tế công đoàn của cấp trên đối với cấp dưới; kiểm "
                            "tra công tác khen thưởng, xây dựng cơ bản, công tác cán bộ. Kịp thời giải quyết và "
                            "tham gia giải quyết đơn thư về quyền lợi hợp pháp của đoàn viên và người lao động.",
                            "Cải tiến phương pháp, quy trình, nâng cao kỹ năng công tác kiểm tra, giám sát, xử lý "
                            "kỷ luật, bảo đảm khách quan, dân chủ, khoa học, đồng bộ, hiệu quả. Kết hợp chặt chẽ "
                            "giữa công tác kiểm tra, giám sát của Ban Thường vụ, Ủy ban Kiểm tra công đoàn với "
                            "giám sát của các ban nghiệp vụ để sớm phát hiện, phòng ngừa, ngăn chặn khuyết điểm, "
                            "vi phạm, hạn chế trong tổ chức công đoàn, cán bộ, đoàn viên công đoàn.",
                            "Đổi mới mạnh mẽ, nâng cao chất lượng, hiệu lực, hiệu quả lãnh đạo, chỉ đạo và tổ chức "
                            "thực hiện công tác kiểm tra, giám sát, kỷ luật của tổ chức công đoàn. Tăng cường công "
                            "tác chỉ đạo, hướng dẫn của Ủy ban Kiểm tra công đoàn cấp trên đối với cấp dưới. Chú "
                            "trọng đổi mới, kiện toàn tổ chức bộ máy ủy ban kiểm tra công đoàn các cấp. Xây dựng "
                            "và nâng cao chất lượng đội ngũ cán bộ kiểm tra các cấp theo hướng chuyên nghiệp hóa.",
                            "Tiếp tục đẩy mạnh công tác tuyên truyền tạo sự tự giác, thống nhất cao giữa ý trí và "
                            "hành động trong cán bộ đoàn viên công đoàn về công tác phòng chống tham nhũng lãng "
                            "phí, trước hết là sự gương mẫu, quyết liệt của người đứng đầu Ban Chấp hành.",
                        ),
                    ),
                    Section(
                        "Mở rộng hợp tác quốc tế, góp phần xây dựng Công đoàn Việt Nam vững mạnh",
                        2,
                        _dashes(
                            "Chủ động, tích cực mở rộng và nâng cao hiệu quả hoạt động đối ngoại, củng cố, nâng "
                            "cao vị thế, uy tín của Công đoàn Việt Nam trên trường quốc tế, đóng góp vào thành "
                            "công chung của đối ngoại nhân dân.",
                            "Củng cố quan hệ song phương hiện có, tích cực thiết lập quan hệ mới đáp ứng mục tiêu "
                            "nâng cao tầm ảnh hưởng của Công đoàn Việt Nam.",
                            "Xây dựng, củng cố quan hệ công đoàn các địa phương vùng biên giới.",
                            "Chủ động, hiệu quả trong phối hợp với các tổ chức quốc tế thực hiện các dự án, chương "
                            "trình tại Việt Nam.",
                            "Thực hiện thường xuyên, đa dạng thông tin đối ngoại phục vụ nhu cầu trong nước và "
                            "quốc tế.",
                            "Xây dựng đội ngũ cán bộ đáp ứng yêu cầu hội nhập quốc tế; bố trí hợp lý nguồn lực tài "
                            "chính, nhân lực phục vụ các nhiệm vụ đối ngoại chủ động, trọng điểm.",
                        ),
                    ),
                    Section(
                        "Đổi mới phương thức hoạt động công đoàn thích ứng với bối cảnh tình hình mới",
                        2,
                        (
                            Paragraph(
                                "Tiếp tục đổi mới phương thức hoạt động công đoàn trong điều kiện mới, theo hướng "
                                "lấy đoàn viên, người lao động là trung tâm, đảm bảo khoa học, kịp thời, thiết "
                                "thực, cấp trên phục vụ cấp dưới, công đoàn cơ sở gắn bó và phục vụ đoàn viên, "
                                "người lao động, phát huy dân chủ đi đôi với tăng cường kỷ luật, kỷ cương, hoạt "
                                "động chủ yếu ở cơ sở, tăng cường phối hợp, chủ động đề xuất và tổ chức giám sát "
                                "và phản biện các chủ trương, hoạt động công đoàn."
                            ),
                            *_dashes(
                                "Đổi mới, nâng cao chất lượng xây dựng, ban hành và triển khai các nghị quyết, "
                                "chương trình, kế hoạch, đề án của các cấp công đoàn theo hướng thiết thực ngắn "
                                "gọn, khả thi, sát thực tiễn, dễ thực hiện; đảm bảo rõ mục tiêu, việc cần làm, rõ "
                                "nguồn lực, cách thức thực hiện, thời gian hoàn thành; đẩy mạnh phân cấp, phân "
                                "quyền gắn với trách nhiệm, thông tin báo cáo và cơ chế giám sát, kiểm tra, đánh "
                                "giá việc thực hiện. Ban Chấp hành ban hành chủ trương, Nghị quyết khi thật sự cần "
                                "thiết; tập trung lãnh đạo, chỉ đạo, giám sát chặt chẽ việc cụ thể hóa tổ chức "
                                "thực hiện của Ban Thường vụ; coi trọng kiểm tra, giám sát, đôn đốc, sơ kết, tổng "
                                "kết việc thực hiện nghị quyết, quy định... đảm bảo hiệu lực, hiệu quả.",
                                "Tiếp tục cụ thể hóa phương thức hoạt động công đoàn bằng quy chế, quy định, quy "
                                "trình cụ thể và công khai để cán bộ, đoàn viên biết, giám sát việc thực hiện. Đổi "
                                "mới phương pháp, phong cách, lề lối làm việc của cán bộ công đoàn các cấp theo "
                                "hướng giảm bớt họp hành, nói gọn, viết ngắn, tăng cường đi cơ sở và lắng nghe cơ "
                                "sở, giải quyết hiệu quả, kịp thời phản ánh của đoàn viên, người lao động, của "
                                "công đoàn cấp dưới. Đẩy mạnh cải cách thủ tục hành chính; nâng cao trách nhiệm "
                                "phối hợp giữa các cấp, các cơ quan, đơn vị trong tổ chức thực hiện các nhiệm vụ "
                                "nhất là các nội dung liên quan đến quyền lợi của đoàn viên, người lao động.",
                                "Quan tâm đầu tư công tác nghiên cứu lý luận và tổng kết thực tiễn về xây dựng "
                                "giai cấp công nhân và tổ chức Công đoàn (đổi mới mô hình tổ chức, nội dung, "
                                "phương thức hoạt động công đoàn trong điều kiện mới...). Nghiên cứu xây dựng văn "
                                "hóa của tổ chức công đoàn.",
                                "Ứng dụng mạnh mẽ công nghệ thông tin, triển khai đề án chuyển đổi số trong tổ "
                                "chức công đoàn, xây dựng cơ sở dữ liệu chung của tổ chức, hỗ trợ nâng cao hiệu "
                                "quả hoạt động công đoàn, phục vụ thiết thực đoàn viên, người lao động.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        numbered=False,
    ),
)

OUTLINE = Appendix(title=OUTLINE_TITLE, label="Đề cương", body=OUTLINE_BODY)

NGHE_AN_HEADER = Header(
    parent_body="Tổng Liên đoàn Lao động Việt Nam",
    issuing_body="Liên đoàn Lao động tỉnh Nghệ An",
    place="Nghệ An",
    issue_date=datetime.date(2022, 11, 15),
)

PLAN_DAI_HOI_XIX = OfficialDocument(
    type=document_type("KH"),
    number=DocumentNumber(120, 2022, "KH", "LĐLĐ"),
    header=NGHE_AN_HEADER,
    summary="Tổ chức Đại hội XIX Công đoàn tỉnh Nghệ An, nhiệm kỳ 2023-2028",
    basis=(
        BasisLine("Căn cứ Điều lệ Công đoàn Việt Nam;"),
        BasisLine(
            "Thực hiện hướng dẫn của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam về đại hội công đoàn các cấp "
            "tiến tới Đại hội XIII Công đoàn Việt Nam, nhiệm kỳ 2023-2028."
        ),
    ),
    body=(
        Paragraph(
            "Ban Thường vụ Liên đoàn Lao động tỉnh xây dựng Kế hoạch tổ chức Đại hội XIX Công đoàn tỉnh Nghệ An, "
            "nhiệm kỳ 2023-2028 như sau:"
        ),
        Section(
            "Mục đích, yêu cầu",
            1,
            (
                ListItem(
                    "Đánh giá đúng kết quả thực hiện Nghị quyết Đại hội XVIII Công đoàn tỉnh, nhiệm kỳ 2018-2023; "
                    "xác định mục tiêu, phương hướng, nhiệm vụ, giải pháp của nhiệm kỳ 2023-2028.",
                    "1.",
                ),
                ListItem(
                    "Công tác chuẩn bị và tổ chức Đại hội bảo đảm dân chủ, đúng Điều lệ Công đoàn Việt Nam, thiết "
                    "thực, tiết kiệm.",
                    "1.",
                ),
            ),
        ),
        Section(
            "Nội dung",
            1,
            (
                Section(
                    "Báo cáo của Ban Chấp hành",
                    2,
                    (
                        Task(
                            "Ban Thường vụ chỉ đạo xây dựng Báo cáo của Ban Chấp hành Liên đoàn Lao động tỉnh khoá "
                            "XVIII trình Đại hội theo Đề cương kèm theo Kế hoạch này.",
                            who="Ban Tuyên giáo chủ trì, các ban của Liên đoàn Lao động tỉnh phối hợp",
                            timing="Thời gian hoàn thành: Tháng 3/2023.",
                        ),
                        Task(
                            "Các công đoàn cấp trên trực tiếp cơ sở gửi báo cáo kết quả 5 năm về Liên đoàn Lao động "
                            "tỉnh.",
                            timing="Thời gian hoàn thành: Trước ngày 31/01/2023.",
                        ),
                    ),
                ),
                Section(
                    "Thời gian, địa điểm",
                    2,
                    (Paragraph("Đại hội được tổ chức trong Quý II/2023 tại thành phố Vinh."),),
                ),
            ),
        ),
        Section(
            "Tổ chức thực hiện",
            1,
            (
                Paragraph(
                    "Các ban của Liên đoàn Lao động tỉnh, các công đoàn cấp trên trực tiếp cơ sở căn cứ Kế hoạch "
                    "này triển khai thực hiện; trong quá trình thực hiện có vướng mắc báo cáo về Ban Thường vụ Liên "
                    "đoàn Lao động tỉnh (qua Ban Tổ chức) để được hướng dẫn."
                ),
            ),
        ),
    ),
    closing=(
        Paragraph(
            "Trên đây là Kế hoạch tổ chức Đại hội XIX Công đoàn tỉnh Nghệ An, nhiệm kỳ 2023-2028. Đề nghị các cấp "
            "công đoàn trong tỉnh nghiêm túc triển khai thực hiện./."
        ),
    ),
    recipients=Recipients(
        (
            "- Tổng Liên đoàn Lao động Việt Nam;",
            "- Thường trực Tỉnh ủy;",
            "- Các công đoàn cấp trên trực tiếp cơ sở;",
            "- Lưu: VT, Ban Tổ chức.",
        )
    ),
    signer=SignerBlock("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Hoàng Văn Minh"),
    appendices=(OUTLINE,),
)
