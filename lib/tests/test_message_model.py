from lib.message import CATEGORIES
from lib.message_model import TRAINING_SETS, Model, Row, labelled_rows, memory_key, train


def test_training_twice_gives_the_same_model_and_the_same_answers():
    rows = labelled_rows()
    first, second = train(rows, CATEGORIES), train(list(rows), CATEGORIES)
    assert first.to_json() == second.to_json()
    again = Model.from_json(first.to_json())
    texts = ["家里没米了", "我妈摔倒了", "请问什么时候解封", "猫粮没了", "楼道很臭"]
    assert [first.predict(t) for t in texts] == [again.predict(t) for t in texts]


def test_it_learns_the_category_of_a_kind_of_message():
    model = train(labelled_rows(), CATEGORIES)
    assert model.predict("家里的大米和食用油都吃完了，麻烦买一点").category == "food"
    guess = model.predict("请问核酸几点开始")
    assert guess.category == "inquiry" and 0 < guess.probability <= 1


def test_the_third_held_out_set_is_never_trained_on():
    assert "messages_holdout3.tsv" not in TRAINING_SETS
    texts = {row.text for row in labelled_rows()}
    assert "我屋老汉儿脑壳遭撞破了，血流得到处都是，咋个办嘛" not in texts


def test_a_correction_is_remembered_without_its_address():
    rows = [*labelled_rows(), Row("楼下的流浪猫好几天没吃东西了", "other", False, 3, True)]
    model = train(rows, CATEGORIES)
    assert model.recall("3栋2单元501 楼下的流浪猫好几天没吃东西了！") == ("other", False)
    assert model.recall("楼下那只流浪猫好几天没吃东西了") == ("other", False)  # nearly the same
    assert model.recall("家里没米了") is None
    assert memory_key("3栋2单元501，要两斤鸡蛋") == "要两斤鸡蛋"


def test_the_latest_correction_of_a_message_wins():
    rows = [
        Row("水表转得很快", "utility", False, 3, True),
        Row("水表转得很快", "other", True, 3, True),
    ]
    assert train(rows, CATEGORIES).recall("水表转得很快") == ("other", True)


def test_an_empty_model_predicts_the_first_category_and_remembers_nothing():
    model = train([], CATEGORIES)
    assert model.predict("随便").category in CATEGORIES
    assert model.recall("随便") is None


def test_two_processes_with_different_hash_seeds_train_the_same_model():
    import hashlib
    import os
    import subprocess
    import sys

    code = (
        "import hashlib; from lib.message import CATEGORIES; "
        "from lib.message_model import labelled_rows, train; "
        "print(hashlib.sha256(train(labelled_rows(), CATEGORIES).to_json().encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout.strip()
        for seed in ("1", "2")
    }  # fmt: skip
    here = hashlib.sha256(train(labelled_rows(), CATEGORIES).to_json().encode()).hexdigest()
    assert digests == {here}
