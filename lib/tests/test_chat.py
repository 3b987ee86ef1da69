from lib.chat import split_chat


def test_names_times_headers_and_plain_lines():
    block = """张三: 3栋2单元501要买米
[10:23] 李四：抗原两道杠
王五 10:31
降压药吃完了，
谁能帮忙

5-1-302 要尿不湿
地址：6-1-101 需要卫生纸"""
    messages = split_chat(block)
    assert [(m.sender, m.time, m.text) for m in messages] == [
        ("张三", "", "3栋2单元501要买米"),
        ("李四", "10:23", "抗原两道杠"),
        ("王五", "10:31", "降压药吃完了，\n谁能帮忙"),
        ("", "", "5-1-302 要尿不湿"),
        ("", "", "地址：6-1-101 需要卫生纸"),
    ]


def test_empty_and_huge_blocks():
    assert split_chat("") == []
    assert len(split_chat("要米\n" * 5000)) == 300
