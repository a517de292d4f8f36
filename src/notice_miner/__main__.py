from notice_miner.cli import main

main()
