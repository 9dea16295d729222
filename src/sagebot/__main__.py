from sagebot.cli import main

main()
