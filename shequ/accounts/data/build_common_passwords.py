"""Build `common-passwords.txt.gz`, the list the CommonPasswordValidator of Shequ refuses.

    .venv/bin/python shequ/accounts/data/build_common_passwords.py

The list is the union of
- Django's list of the 20,000 most common passwords (django/contrib/auth, BSD licence),
- Chinese-typical passwords: pinyin names (surname + given name, the common full names such as
  zhangsan), words and numbers Chinese users pick (woaini, 5201314, mima, ...), city names,
- keyboard walks on rows, columns and zig-zags (qwerty, 1qaz2wsx, qazwsxedc, 1q2w3e4r, ...).

Entries are lower case; the validator also strips digits and symbols around a word, undoes
common letter substitutions (p@ssw0rd) and checks the letters alone, so "Zhangsan@123" is
refused through "zhangsan". The output is deterministic (sorted) so that a rebuild changes
nothing unless this script changes.
"""

from __future__ import annotations

import gzip
from itertools import product
from pathlib import Path

import django


def _words(text: str) -> list[str]:
    return text.split()


HERE = Path(__file__).resolve().parent
OUT = HERE / "common-passwords.txt.gz"

SURNAMES = _words(
    """
wang li zhang liu chen yang zhao huang zhou wu xu sun hu zhu gao lin he guo ma luo liang song
zheng xie han tang feng yu dong xiao cheng cao yuan deng fu shen zeng peng lv su lu jiang cai
jia ding wei xue ye yan pan du dai xia zhong tian ren fan fang shi yao tan liao zou xiong jin
hao kong bai cui kang mao qiu qin gu hou shao meng long wan duan lei qian yin yi chang qiao lai
gong wen pang niu hong zhan geng guan ou ouyang situ shangguan zhuge
"""
)

GIVEN = _words(
    """
wei fang na min jing li qiang lei jun yang yong yan jie juan tao ming chao xiuying hua ping
gang gui hong bo xin ling dan hui yu ying lan mei qing hao kai rui tian long peng fei bin bing
chen cheng dong feng guang hai hang jian jiao kun lin liang lu meng nan ning pei qi qian rong
shan sheng shu song ting wen xia xiang xiao xue ya yi yun ze zhen zhi zhong zi ziyi zihan
yuxuan zixuan yichen xinyi haoran junjie jianguo jianhua jianjun guoqiang zhiqiang yongqiang
haiyan guiying yuying xiuzhen xiuyun xiaoming xiaohong xiaoli xiaoyan xiaojun xiaowei xiaolong
jiahao jiayi yutong mingming tingting lili fangfang jingjing dandan lele tiantian xiaoxiao san
si wu liu qi ba jiu
"""
)

FAMOUS = _words(
    """
zhangsan lisi wangwu zhaoliu sunqi zhouba wujiu zhengshi wangermazi xiaoming xiaohong xiaogang
laowang laoli laozhang
"""
)

WORDS = _words(
    """
woaini woaini1314 woainima woaiwojia woaiwolaopo woaiwolaogong aini aiai nihao nihaoma caonima
wocao wodemima mima mimamima mima123 laopo laogong baobao baobei qinai qinaide xingfu kuaile
pingan wanshiruyi gongxifacai facai zhongguo zhonghua china chinese beijing shanghai tianjin
chongqing guangzhou shenzhen hangzhou nanjing wuhan chengdu xian changchun jilin haerbin
shenyang dalian qingdao jinan zhengzhou changsha hefei fuzhou xiamen kunming nanning guiyang
lanzhou xining yinchuan huhehaote wulumuqi lasa taiyuan shijiazhuang nanchang haikou tianya
baidu taobao tmall alibaba tencent weixin wechat qqqq qq123456 qqq111 qwe123 zxc123 asd123
admin administrator root guest test ceshi yonghu user manager guanliyuan xitong system shujuku
database server kefu service zhanghao mima888 abc abcd abcde abcdef aaaaaa a123456 a12345678
abc123 abc123456 abcd1234 dearbook xiazhili sunshine yangguang tiantang woshishui shuibuzhidao
buzhidao wangluo diannao jisuanji xuesheng laoshi jiaoshi yisheng jingcha shequ shequfuwu
shegong shehuigongzuo minzheng jiedao juweihui cunweihui
"""
)

NUMBERS = _words(
    """
123456 1234567 12345678 123456789 1234567890 0123456789 111111 1111111 11111111 000000 00000000
888888 88888888 666666 66666666 5201314 1314520 520520 521521 1314521 147258369 147258 159357
159753 123321 123123 123123123 112233 11223344 654321 987654321 789456123 123654789 147852369
741852963 31415926 12344321 110110 110110110 163163 168168 518518 518888
"""
)

KEYBOARD_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "!@#$%^&*()"]


def walks() -> set[str]:
    found: set[str] = set()
    for row in KEYBOARD_ROWS:
        for start in range(len(row)):
            for end in range(start + 4, len(row) + 1):
                found.add(row[start:end])
                found.add(row[start:end][::-1])
    # columns: 1qaz 2wsx 3edc ... and their concatenations
    cols = ["1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik,", "9ol.", "0p;/"]
    shifted = ["!qaz", "@wsx", "#edc", "$rfv", "%tgb", "^yhn", "&ujm"]
    for group in (cols, shifted):
        for start in range(len(group)):
            for end in range(start + 1, min(len(group), start + 5) + 1):
                joined = "".join(group[start:end])
                found.add(joined)
                found.add("".join(c[1:] for c in group[start:end]))  # qazwsxedc
                found.add("".join(c[::-1] for c in group[start:end]))  # zaq1xsw2
    # zig-zags: 1q2w3e4r, q1w2e3r4, 1a2s3d, qawsed
    digits, top, middle = "1234567890", "qwertyuiop", "asdfghjkl"
    for n in range(3, 11):
        found.add("".join(d + t for d, t in zip(digits[:n], top[:n], strict=False)))
        found.add("".join(t + d for d, t in zip(digits[:n], top[:n], strict=False)))
        found.add("".join(t + m for t, m in zip(top[:n], middle[:n], strict=False)))
        found.add("".join(d + m for d, m in zip(digits[:n], middle[:n], strict=False)))
    return {w for w in found if len(w) >= 4}


def names() -> set[str]:
    found = set(FAMOUS)
    for surname, given in product(SURNAMES, GIVEN):
        found.add(surname + given)
    for surname in SURNAMES:
        found.add(surname + surname)
    return found


def django_list() -> set[str]:
    path = Path(django.__file__).parent / "contrib" / "auth" / "common-passwords.txt.gz"
    return set(gzip.decompress(path.read_bytes()).decode().split())


def build() -> list[str]:
    words = {w.lower() for w in WORDS if w.lower() != "shequ"}
    # "shequ" alone stays out: the demo password Shequ@2026 has its own rule (refused
    # outside development), and the demo must keep working in development.
    everything = django_list() | names() | words | set(NUMBERS) | walks()
    return sorted(w for w in everything if w and w.strip() == w)


def main() -> None:
    entries = build()
    OUT.write_bytes(gzip.compress(("\n".join(entries) + "\n").encode(), mtime=0))
    print(f"{len(entries)} entries written to {OUT}")


if __name__ == "__main__":
    main()
